import type { Figure } from './figures.js';

/** RFC 4180: a field with a comma, quote or line break is quoted, quotes doubled; lines end CRLF. */
export function toCsv(figure: Pick<Figure, 'columns' | 'rows'>): string {
  const lines = [figure.columns.map((c) => field(c.label))];
  for (const row of figure.rows) lines.push(figure.columns.map((c) => field(row[c.key] ?? null)));
  return `${lines.map((l) => l.join(',')).join('\r\n')}\r\n`;
}

function field(value: string | number | null): string {
  if (value === null) return '';
  const s = String(value);
  // A leading =, +, - or @ would be read as a formula by a spreadsheet: text is prefixed with a quote mark.
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}
