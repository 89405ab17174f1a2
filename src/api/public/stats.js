// The journalists' page: figures now, national or for one department, their hourly or daily series, the
// department map, the per-department table and a CSV link for each of them.
import { lineChart } from './chart.js';
import { el, fetchJson, number } from './common.js';

const $ = (id) => document.getElementById(id);
const params = new URLSearchParams(location.search);
let stats = null;

const FIGURES = [
  ['centers', 'Centres suivis'],
  ['centers_with_slots', 'Centres avec des créneaux'],
  ['stale_centers', 'Centres sans données à jour'],
  ['slots', 'Créneaux disponibles'],
  ['next:1', 'Créneaux aujourd’hui'],
  ['next:2', 'Aujourd’hui et demain'],
  ['next:7', 'Sur 7 jours'],
  ['next:28', 'Sur 28 jours'],
];

function scope() {
  return $('scope').value;
}

function historyQuery(format) {
  const query = new URLSearchParams({ granularity: $('granularity').value });
  if (scope()) query.set('department', scope());
  return `/api/v1/stats/history${format === 'csv' ? '.csv' : ''}?${query}`;
}

function figuresOf(code) {
  if (!code) return { name: 'France entière', figures: stats.national };
  const department = stats.departments.find((d) => d.code === code);
  return { name: `${department.code} — ${department.name}`, figures: department.figures };
}

function showFigures() {
  const { name, figures } = figuresOf(scope());
  $('scope-name').textContent = name;
  $('figures').replaceChildren(
    ...FIGURES.map(([key, label]) => {
      const value = key.startsWith('next:') ? figures.slots_next_days[key.slice(5)] : figures[key];
      return el('div', { 'data-figure': key }, el('dt', {}, label), el('dd', {}, number.format(value)));
    }),
  );
  $('generated').textContent = `Chiffres du ${new Date(stats.generated_at).toLocaleString('fr-FR', {
    timeZone: 'Europe/Paris',
    dateStyle: 'long',
    timeStyle: 'short',
  })} (heure de Paris).`;
}

function showTable() {
  $('departments').tBodies[0].replaceChildren(
    ...stats.departments.map((department) => {
      const f = department.figures;
      return el(
        'tr',
        {},
        el('td', {}, department.code),
        el('th', { scope: 'row' }, department.name),
        ...[f.centers, f.centers_with_slots, f.slots, f.stale_centers].map((value) =>
          el('td', {}, number.format(value)),
        ),
      );
    }),
  );
}

function showDownloads() {
  const granularity = $('granularity').value === 'hour' ? 'heure par heure' : 'jour par jour';
  const where = figuresOf(scope()).name;
  const links = [
    ['/api/v1/stats.csv', 'Chiffres du moment, France et chaque département', 'stats.csv'],
    [
      historyQuery('csv'),
      `Série ${granularity}, ${where} (créneaux, centres et toutes les autres colonnes)`,
      'history.csv',
    ],
    ['/api/v1/stats/history.csv?granularity=day', 'Série jour par jour, France entière', 'history-day.csv'],
    ['/vitemadose/map_creneaux.svg', 'Carte des créneaux (SVG)', null],
    ['/vitemadose/map_creneaux_pop.svg', 'Carte des créneaux pour 100 000 habitants (SVG)', null],
  ];
  $('downloads').replaceChildren(
    ...links.map(([href, text, name]) =>
      el('li', {}, el('a', { href, download: name ?? undefined, 'data-csv': name ? 'true' : undefined }, text)),
    ),
  );
}

async function showSeries() {
  const granularity = $('granularity').value;
  try {
    const { body } = await fetchJson(historyQuery('json'));
    for (const [id, column, label] of [
      ['chart-slots', 'slots', 'Créneaux disponibles'],
      ['chart-centres', 'centers_with_slots', 'Centres avec des créneaux'],
    ]) {
      const points = body.points.map((point) => ({ at: point.at, value: point.figures[column] ?? 0 }));
      $(id)
        .querySelector('.plot')
        .replaceChildren(lineChart(points, { label: `${label} (${body.scope.name})`, granularity }));
    }
  } catch (error) {
    for (const id of ['chart-slots', 'chart-centres'])
      $(id)
        .querySelector('.plot')
        .replaceChildren(el('p', {}, `Série indisponible : ${error.message}`));
  }
}

function update(push) {
  const query = new URLSearchParams();
  if (scope()) query.set('department', scope());
  if ($('granularity').value !== 'hour') query.set('granularity', $('granularity').value);
  if (push) history.replaceState(null, '', `${location.pathname}${query.size ? `?${query}` : ''}`);
  showFigures();
  showDownloads();
  showSeries();
}

async function start() {
  const { body } = await fetchJson('/api/v1/stats');
  stats = body;
  $('scope').append(...stats.departments.map((d) => el('option', { value: d.code }, `${d.code} — ${d.name}`)));
  if (params.get('department') && stats.departments.some((d) => d.code === params.get('department')))
    $('scope').value = params.get('department');
  if (params.get('granularity') === 'day') $('granularity').value = 'day';
  showTable();
  update(false);
  $('scope').addEventListener('change', () => update(true));
  $('granularity').addEventListener('change', () => update(true));
  $('map-kind').addEventListener('change', () => {
    const kind = $('map-kind').value;
    $('map').src = `/vitemadose/${kind}.svg`;
    $('map').alt =
      kind === 'map_creneaux'
        ? 'Carte en cases des départements colorées selon le nombre de créneaux ' +
          'disponibles ; les chiffres exacts sont dans le tableau ci-dessous.'
        : 'Carte en cases des départements colorées selon le nombre de créneaux pour 100 000 habitants.';
  });
}

start().catch((error) => {
  $('figures').replaceChildren(el('p', {}, `Statistiques indisponibles : ${error.message}`));
});
