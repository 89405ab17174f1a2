// A small line chart in SVG, no library: a time series is a handful of points, and an SVG drawn with
// createElementNS needs neither inline styles nor scripts, so the page's strict CSP holds.
import { number } from './common.js';

const NS = 'http://www.w3.org/2000/svg';
const WIDTH = 600;
const HEIGHT = 240;
const PAD = { left: 66, right: 14, top: 14, bottom: 34 };

function svg(tag, attributes = {}, text) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, String(value));
  if (text !== undefined) element.textContent = text;
  return element;
}

/** A round top for the axis: 1, 2 or 5 times a power of ten, at least the maximum. */
function niceMax(max) {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 5, 10].map((m) => m * power).find((top) => top >= max);
}

/** `points`: `[{ at: ISO instant, value }]`, oldest first. `granularity`: 'hour' or 'day' (axis labels). */
export function lineChart(points, { label, granularity }) {
  const timeFormat = new Intl.DateTimeFormat(
    'fr-FR',
    granularity === 'hour'
      ? { timeZone: 'Europe/Paris', day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit' }
      : { timeZone: 'Europe/Paris', day: 'numeric', month: 'short', year: 'numeric' },
  );
  const root = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img' });
  if (points.length === 0) {
    root.setAttribute('aria-label', `${label} : pas encore de données`);
    root.append(
      svg(
        'text',
        { x: WIDTH / 2, y: HEIGHT / 2, 'text-anchor': 'middle', 'font-size': 18, fill: '#4a4a4a' },
        'Pas encore de données',
      ),
    );
    return root;
  }
  const values = points.map((point) => point.value);
  const times = points.map((point) => new Date(point.at).getTime());
  const top = niceMax(Math.max(...values));
  const [t0, t1] = [times[0], times.at(-1)];
  const x = (t) =>
    PAD.left +
    (t1 === t0 ? (WIDTH - PAD.left - PAD.right) / 2 : ((t - t0) / (t1 - t0)) * (WIDTH - PAD.left - PAD.right));
  const y = (v) => HEIGHT - PAD.bottom - (v / top) * (HEIGHT - PAD.top - PAD.bottom);
  const last = points.at(-1);
  root.setAttribute(
    'aria-label',
    `${label}, ${points.length} points du ${timeFormat.format(t0)} au ` +
      `${timeFormat.format(t1)} : dernier ${number.format(last.value)}, ` +
      `maximum ${number.format(Math.max(...values))}, minimum ` +
      `${number.format(Math.min(...values))}`,
  );
  for (const tick of [0, top / 2, top]) {
    root.append(svg('line', { x1: PAD.left, x2: WIDTH - PAD.right, y1: y(tick), y2: y(tick), stroke: '#d6d6d6' }));
    root.append(
      svg(
        'text',
        { x: PAD.left - 6, y: y(tick) + 5, 'text-anchor': 'end', 'font-size': 17, fill: '#333' },
        number.format(tick),
      ),
    );
  }
  const labelled = t1 === t0 ? [t0] : [t0, t1];
  labelled.forEach((t, i) => {
    const anchor = labelled.length === 1 ? 'middle' : i === 0 ? 'start' : 'end';
    root.append(
      svg(
        'text',
        { x: x(t), y: HEIGHT - 8, 'text-anchor': anchor, 'font-size': 17, fill: '#333' },
        timeFormat.format(t),
      ),
    );
  });
  const path = points
    .map((point, i) => `${i === 0 ? 'M' : 'L'}${x(times[i]).toFixed(1)},${y(point.value).toFixed(1)}`)
    .join(' ');
  root.append(
    svg('path', { d: path, fill: 'none', stroke: '#0b50a0', 'stroke-width': 2.5, 'stroke-linejoin': 'round' }),
  );
  if (points.length <= 48) {
    points.forEach((point, i) => {
      root.append(svg('circle', { cx: x(times[i]), cy: y(point.value), r: 3, fill: '#0b50a0' }));
    });
  }
  return root;
}
