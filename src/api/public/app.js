// The public page: where (commune, postal code, "près de moi", department), what and when (filters), and
// the list of centres, kept in the URL so a search can be shared, and kept fresh by ETag revalidation.
import { centreCard } from './centre-card.js';
import { ago, el, fetchJson, parisToday, plural } from './common.js';
import { placeSearch } from './place-search.js';

const $ = (id) => document.getElementById(id);
const FILTERS = ['vaccine', 'dose', 'from', 'to'];
const PLACE = ['commune', 'postal_code', 'lat', 'lon'];
/** The URL's own names: the API's, plus `place`, the label shown in the search box. */
const URL_KEYS = ['department', ...PLACE, 'place', ...FILTERS];
const REFRESH_MS = 30_000;
const DEFAULT_DEPARTMENT = '75';

let state = readState();
let shown = null; // { url, etag, body }
const departmentNames = new Map();

function readState() {
  const params = new URLSearchParams(location.search);
  const read = Object.fromEntries(URL_KEYS.map((key) => [key, params.get(key) ?? '']));
  if (!/^(\d{2,3}|2[AB]|om)$/.test(read.department)) read.department = DEFAULT_DEPARTMENT;
  return read;
}

function writeUrl(push) {
  const params = new URLSearchParams();
  for (const key of URL_KEYS) if (state[key]) params.set(key, state[key]);
  const url = `${location.pathname}${params.size > 0 ? `?${params}` : ''}`;
  if (url !== `${location.pathname}${location.search}`) history[push ? 'pushState' : 'replaceState'](null, '', url);
}

function fillForm() {
  $('department').value = state.department;
  for (const key of FILTERS) $(key).value = state[key];
  $('place').value = state.place || state.postal_code || state.commune || '';
}

function apiUrl(includeStale) {
  const params = new URLSearchParams();
  for (const key of [...FILTERS, ...PLACE]) if (state[key]) params.set(key, state[key]);
  if (includeStale) params.set('include_stale', 'true');
  return `/api/v1/departments/${encodeURIComponent(state.department)}/centers${params.size > 0 ? `?${params}` : ''}`;
}

function setStatus(...parts) {
  $('status').replaceChildren(...parts);
}

/** The freshest successful scan among the centres shown: how fresh the page as a whole is. */
function pageFreshness(centres) {
  const instants = centres
    .map((centre) => centre.last_success_at)
    .filter(Boolean)
    .sort();
  return instants.at(-1) ?? null;
}

function statusLine(body) {
  const centres = body.centers;
  const withSlots = centres.filter((centre) => centre.slot_count > 0).length;
  const stale = centres.filter((centre) => centre.stale).length;
  const where = state.place
    ? `${state.place}, ${body.department.name}`
    : `${body.department.code} — ${body.department.name}`;
  const freshest = pageFreshness(centres);
  const parts = [`${plural(centres.length, 'centre', 'centres')} (${where}), ${withSlots} avec des créneaux`];
  if (stale > 0) parts.push(`${stale} sans données à jour`);
  if (freshest) parts.push(`mis à jour ${ago(freshest)}`);
  const line = [`${parts.join(' · ')}.`];
  if (centres.length === 0 && (state.commune || state.postal_code)) {
    const all = el(
      'button',
      { type: 'button', id: 'whole-department' },
      `Voir tout le département ${body.department.name}`,
    );
    all.addEventListener('click', () => {
      Object.assign(state, { commune: '', postal_code: '', place: '' });
      fillForm();
      search(true);
    });
    line.push(' Aucun centre connu à cet endroit. ', all);
  }
  return line;
}

function render(body, lastKnown) {
  const firstDay = state.from && state.from > parisToday() ? state.from : parisToday();
  $('results').replaceChildren(
    ...body.centers.map((centre) => centreCard(centre, { lastKnown: lastKnown.get(centre.id), firstDay })),
  );
  setStatus(...statusLine(body));
}

/** Loads the list; on a refresh, redraws only if the answer changed (the ETag says so). */
async function load({ refresh = false } = {}) {
  const url = apiUrl(false);
  if (!refresh) $('results').setAttribute('aria-busy', 'true');
  try {
    const answer = await fetchJson(url, refresh && shown?.url === url ? shown.etag : undefined);
    if (!answer.changed && shown?.url === url) {
      setStatus(...statusLine(shown.body));
      for (const centre of shown.body.centers) {
        const updated = document.querySelector(`[data-id="${CSS.escape(centre.id)}"] .updated`);
        if (updated && centre.last_success_at) updated.textContent = `Mis à jour ${ago(centre.last_success_at)}`;
      }
      return;
    }
    // A stale centre offers no slot; its last known ones come from the same answer with include_stale.
    const lastKnown = new Map();
    if (answer.body.centers.some((centre) => centre.stale)) {
      const withStale = await fetchJson(apiUrl(true));
      for (const centre of withStale.body.centers) if (centre.stale) lastKnown.set(centre.id, centre);
    }
    shown = { url, etag: answer.etag, body: answer.body };
    render(answer.body, lastKnown);
  } catch (error) {
    if (!refresh) $('results').replaceChildren();
    setStatus(`Impossible de charger les centres : ${error.message}`);
  } finally {
    // Only the latest search may say the list is ready.
    if (url === apiUrl(false)) $('results').setAttribute('aria-busy', 'false');
  }
}

function search(push) {
  writeUrl(push);
  return load();
}

async function loadDepartments() {
  try {
    const { body } = await fetchJson('/api/v1/departments');
    $('department').replaceChildren(
      ...body.departments.map((department) => {
        departmentNames.set(department.code, department.name);
        return el('option', { value: department.code }, `${department.code} — ${department.name}`);
      }),
    );
    $('department').value = state.department;
  } catch {
    // The one option in the page still works.
  }
}

/** The department around a point: that of the nearest centre with a slot within a growing radius. */
async function departmentNear(lat, lon) {
  for (const radius of [30, 100, 500]) {
    const { body } = await fetchJson(`/api/v1/slots?lat=${lat}&lon=${lon}&radius_km=${radius}&limit=200`);
    const nearest = body.slots.filter((hit) => hit.center.department).sort((a, b) => a.distance_km - b.distance_km)[0];
    if (nearest) return nearest.center.department;
  }
  return null;
}

function nearMe() {
  if (!navigator.geolocation) {
    setStatus('La localisation n’est pas disponible dans ce navigateur : choisissez une commune ou un département.');
    return;
  }
  setStatus('Recherche de votre position…');
  navigator.geolocation.getCurrentPosition(
    async (position) => {
      // Three decimals (about 100 m) are plenty for distances, and keep the shared URL vague.
      const lat = position.coords.latitude.toFixed(3);
      const lon = position.coords.longitude.toFixed(3);
      const department = (await departmentNear(lat, lon).catch(() => null)) ?? state.department;
      Object.assign(state, { department, lat, lon, commune: '', postal_code: '', place: 'Ma position' });
      fillForm();
      search(true);
    },
    () => setStatus('Position refusée ou indisponible : choisissez une commune ou un département.'),
    { timeout: 15_000, maximumAge: 300_000 },
  );
}

function readFilters() {
  for (const key of FILTERS) state[key] = $(key).value;
}

function readForm() {
  state.department = $('department').value;
  readFilters();
}

function start() {
  fillForm();
  loadDepartments();
  load();
  $('search').addEventListener('submit', (event) => {
    event.preventDefault();
    readForm();
    search(true);
  });
  $('department').addEventListener('change', () => {
    // A commune belongs to its department; a point (near me) still gives distances.
    Object.assign(state, { commune: '', postal_code: '', place: state.lat ? state.place : '' });
    readForm();
    fillForm();
    search(true);
  });
  for (const key of FILTERS)
    $(key).addEventListener('change', () => {
      readForm();
      search(true);
    });
  $('near').addEventListener('click', nearMe);
  placeSearch($('place'), $('suggestions'), {
    onChoose(option) {
      Object.assign(state, {
        department: option.commune.department,
        commune: option.kind === 'commune' ? option.value : '',
        postal_code: option.kind === 'postal_code' ? option.value : '',
        lat: '',
        lon: '',
        place: option.label,
      });
      readFilters();
      fillForm();
      search(true);
    },
    onClear() {
      if (!state.commune && !state.postal_code && !state.lat) return;
      Object.assign(state, { commune: '', postal_code: '', lat: '', lon: '', place: '' });
      search(true);
    },
  });
  window.addEventListener('popstate', () => {
    state = readState();
    fillForm();
    load();
  });
  setInterval(() => {
    if (!document.hidden) load({ refresh: true });
  }, REFRESH_MS);
}

start();
