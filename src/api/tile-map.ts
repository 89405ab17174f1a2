// A tile cartogram of the departments: one square per department, placed on a grid roughly where it lies,
// so a map needs no geographic data and every department, Paris's small ones included, gets the same room.
// Pure: figures in, SVG text out.
import { COMMUNES, DEPARTMENTS } from '../departments.js';

/** Rows of the grid, north to south: [column, code]. Corsica sits east of Provence; overseas on the last row. */
const ROWS: ReadonlyArray<ReadonlyArray<readonly [number, string]>> = [
  [
    [5, '62'],
    [6, '59'],
  ],
  [
    [4, '76'],
    [5, '80'],
    [6, '02'],
    [7, '08'],
  ],
  [
    [2, '50'],
    [3, '14'],
    [4, '27'],
    [5, '60'],
    [6, '95'],
    [7, '51'],
    [8, '55'],
    [9, '57'],
    [10, '67'],
  ],
  [
    [0, '29'],
    [1, '22'],
    [2, '35'],
    [3, '61'],
    [4, '78'],
    [5, '92'],
    [6, '93'],
    [7, '77'],
    [8, '54'],
    [9, '88'],
    [10, '68'],
  ],
  [
    [1, '56'],
    [2, '53'],
    [3, '72'],
    [4, '28'],
    [5, '75'],
    [6, '94'],
    [7, '10'],
    [8, '52'],
    [9, '70'],
    [10, '90'],
  ],
  [
    [1, '44'],
    [2, '49'],
    [3, '37'],
    [4, '41'],
    [5, '91'],
    [6, '45'],
    [7, '89'],
    [8, '21'],
    [9, '25'],
  ],
  [
    [1, '85'],
    [2, '79'],
    [3, '86'],
    [4, '36'],
    [5, '18'],
    [6, '58'],
    [7, '71'],
    [8, '39'],
    [9, '01'],
    [10, '74'],
  ],
  [
    [2, '17'],
    [3, '16'],
    [4, '87'],
    [5, '23'],
    [6, '03'],
    [7, '42'],
    [8, '69'],
    [9, '38'],
    [10, '73'],
  ],
  [
    [2, '33'],
    [3, '24'],
    [4, '19'],
    [5, '63'],
    [6, '43'],
    [7, '07'],
    [8, '26'],
    [9, '05'],
  ],
  [
    [2, '40'],
    [3, '47'],
    [4, '46'],
    [5, '15'],
    [6, '48'],
    [7, '30'],
    [8, '84'],
    [9, '04'],
    [10, '06'],
  ],
  [
    [2, '64'],
    [3, '32'],
    [4, '82'],
    [5, '12'],
    [6, '34'],
    [8, '13'],
    [9, '83'],
    [11, '2B'],
  ],
  [
    [3, '65'],
    [4, '31'],
    [5, '81'],
    [6, '11'],
    [11, '2A'],
  ],
  [
    [4, '09'],
    [6, '66'],
  ],
  [
    [0, '971'],
    [1, '972'],
    [2, '973'],
    [3, '974'],
    [4, '976'],
    [5, 'om'],
  ],
];

export interface Tile {
  readonly code: string;
  readonly column: number;
  readonly row: number;
}

export const TILES: readonly Tile[] = ROWS.flatMap((cells, row) =>
  cells.map(([column, code]) => ({ code, column, row })),
);

/** Inhabitants per department (sum of its communes' legal population), for rates per inhabitant. */
export const DEPARTMENT_POPULATION: ReadonlyMap<string, number> = (() => {
  const totals = new Map<string, number>();
  for (const commune of COMMUNES)
    totals.set(commune.department, (totals.get(commune.department) ?? 0) + commune.population);
  return totals;
})();

export interface TileMapOptions {
  readonly title: string;
  /** The value of each department (missing: no data); shown as colour and in each tile's tooltip. */
  readonly values: ReadonlyMap<string, number>;
  /** How a value reads in the tooltip and legend, e.g. "12 créneaux". */
  readonly format: (value: number) => string;
  readonly legend: string;
}

const CELL = 44;
const GAP = 3;
const MARGIN_TOP = 40;
const COLUMNS = 12;
/** Light to dark blue, with a dark-enough text colour switch, so tiles stay readable (contrast ≥ 4.5). */
const PALETTE = ['#eef3fb', '#c9daf3', '#92b4e6', '#3768bd', '#1f4e9c', '#0b2a5e'];
const NO_DATA = '#f2f2f2';

/** Colour class of a value among the others: quantiles, so a few huge departments do not flatten the rest. */
function classOf(value: number, sorted: readonly number[]): number {
  if (value <= 0) return 0;
  const positive = sorted.filter((v) => v > 0);
  const rank = positive.findIndex((v) => v >= value);
  return 1 + Math.min(PALETTE.length - 2, Math.floor((rank / positive.length) * (PALETTE.length - 1)));
}

function escapeXml(text: string): string {
  return text.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!,
  );
}

export function tileMapSvg(options: TileMapOptions): string {
  const names = new Map(DEPARTMENTS.map((department) => [department.code, department.name]));
  const sorted = [...options.values.values()].sort((a, b) => a - b);
  const rows = ROWS.length;
  const width = COLUMNS * (CELL + GAP) + GAP;
  const height = MARGIN_TOP + rows * (CELL + GAP) + 40;
  const tiles = TILES.map((tile) => {
    const value = options.values.get(tile.code);
    const colourClass = value === undefined ? -1 : classOf(value, sorted);
    const fill = colourClass < 0 ? NO_DATA : PALETTE[colourClass]!;
    const ink = colourClass >= 3 ? '#ffffff' : '#1b1b1b';
    const x = GAP + tile.column * (CELL + GAP);
    // Overseas tiles sit one gap lower, apart from the mainland.
    const y = MARGIN_TOP + tile.row * (CELL + GAP) + (tile.row === rows - 1 ? CELL / 3 : 0);
    const label =
      `${tile.code} ${names.get(tile.code) ?? ''} : ` +
      `${value === undefined ? 'pas de données' : options.format(value)}`;
    return (
      `<g><title>${escapeXml(label)}</title>` +
      `<rect x="${x}" y="${y}" width="${CELL}" height="${CELL}" rx="4" ` +
      `fill="${fill}" stroke="#6b6b6b" stroke-width="0.5"/>` +
      `<text x="${x + CELL / 2}" y="${y + CELL / 2 + 5}" ` +
      `text-anchor="middle" font-size="14" ` +
      `fill="${ink}">${escapeXml(tile.code)}</text></g>`
    );
  });
  const legendY = height - 22;
  const legend = PALETTE.map(
    (colour, i) =>
      `<rect x="${GAP + i * 28}" y="${legendY}" width="26" height="14" ` +
      `fill="${colour}" stroke="#6b6b6b" stroke-width="0.5"/>`,
  ).join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ` +
    `${height}" width="${width}" height="${height}" role="img" ` +
    `aria-labelledby="t" font-family="system-ui, sans-serif">` +
    `<title id="t">${escapeXml(options.title)}</title>` +
    `<rect width="100%" height="100%" fill="#ffffff"/>` +
    `<text x="${GAP}" y="24" font-size="17" font-weight="bold" fill="#1b1b1b">${escapeXml(options.title)}</text>` +
    tiles.join('') +
    legend +
    `<text x="${GAP + PALETTE.length * 28 + 6}" y="${legendY + 12}" ` +
    `font-size="12" fill="#1b1b1b">${escapeXml(options.legend)}</text>` +
    `</svg>`
  );
}
