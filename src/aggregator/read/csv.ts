// CSV for spreadsheets (RFC 4180): a header row, CRLF line ends, fields quoted only when they must be.
export type CsvValue = string | number | null;

export const CSV_TYPE = 'text/csv; charset=utf-8';

export function toCsv(header: readonly string[], rows: ReadonlyArray<readonly CsvValue[]>): string {
  return `${[header, ...rows].map((row) => row.map(field).join(',')).join('\r\n')}\r\n`;
}

function field(value: CsvValue): string {
  if (value === null) return '';
  const text = String(value);
  // A leading =, +, - or @ makes some spreadsheets run the cell as a formula: names never start so, but a
  // quote costs nothing and keeps a hostile value inert.
  const guarded = /^[=+@]/.test(text) || (/^-/.test(text) && typeof value === 'string') ? `'${text}` : text;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}
