import { formatIso } from '../dates.js';
import type { CommandContext } from './context.js';

export interface Column {
  key: string;
  header: string;
  /** Money and counts are right-aligned so decimal points line up. */
  align?: 'left' | 'right';
}

type Output = CommandContext['output'];

/** stdout writers: one JSON document, an aligned table, or a plain line. */
export function createOutput(stdout: { write(chunk: string): unknown }): Output {
  return {
    json(value) {
      stdout.write(`${toJson(value)}\n`);
    },
    table(rows, columns) {
      stdout.write(formatTable(rows, columns));
    },
    line(text) {
      stdout.write(`${text}\n`);
    },
  };
}

/** Pretty JSON with Dates as ISO 8601 UTC without milliseconds and bigints as strings. */
export function toJson(value: unknown): string {
  return JSON.stringify(
    value,
    function (this: Record<string, unknown>, key: string, v: unknown) {
      const raw = this[key];
      if (raw instanceof Date) return formatIso(raw);
      if (typeof v === 'bigint') return v.toString();
      return v;
    },
    2,
  );
}

/** Columns padded to their widest cell, two spaces apart, no trailing blanks; one line per row plus a header. */
export function formatTable(rows: ReadonlyArray<Record<string, unknown>>, columns: ReadonlyArray<Column>): string {
  const cells = rows.map((row) => columns.map((c) => cellText(row[c.key])));
  // A loop, not Math.max(...cells): spreading 125k+ rows into arguments overflows the stack.
  const widths = columns.map((c, i) => cells.reduce((w, r) => Math.max(w, (r[i] ?? '').length), c.header.length));
  const render = (values: readonly string[]): string =>
    values
      .map((v, i) => (columns[i]?.align === 'right' ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [render(columns.map((c) => c.header)), ...cells.map(render)].map((line) => `${line}\n`).join('');
}

function cellText(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return formatIso(value);
  if (typeof value === 'string') return value.replace(/\s+/g, ' ');
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  return JSON.stringify(value);
}

/** `label  value` lines for one record, labels padded; absent values left out. */
export function formatFields(record: Readonly<Record<string, unknown>>, keys: readonly string[] = Object.keys(record)): string {
  const present = keys.filter((k) => record[k] !== undefined && record[k] !== null);
  const width = Math.max(0, ...present.map((k) => k.length));
  return present.map((k) => `${k.padEnd(width)}  ${cellText(record[k])}\n`).join('');
}
