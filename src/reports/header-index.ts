import { ReportParseError } from '../errors.js';
import { MoneyFormatError, normalizeMoney } from './money.js';
import { parseReportTimestamp, type ReportTimestamp } from './report-timestamp.js';

/**
 * Column lookup by header *name* (never by position, so a reordered or extended header still
 * parses) plus the cell readers every row reader shares. Cell errors carry the line and the
 * 1-based column number of the cell.
 */
export class HeaderIndex {
  readonly names: string[];
  private readonly byName = new Map<string, number>();
  private readonly used = new Set<number>();

  constructor(names: string[], readonly file: string | undefined, readonly headerLine: number) {
    this.names = names;
    names.forEach((n, i) => {
      if (!this.byName.has(n)) this.byName.set(n, i);
    });
  }

  /** Position of a column; throws at the header line when a required column is missing. */
  require(name: string): number {
    const i = this.byName.get(name);
    if (i === undefined) {
      throw new ReportParseError(`header has no ${name} column (columns: ${this.names.join(', ')})`, { file: this.file, line: this.headerLine });
    }
    this.used.add(i);
    return i;
  }

  /** Position of a column, or -1 when absent. */
  optional(name: string): number {
    const i = this.byName.get(name);
    if (i === undefined) return -1;
    this.used.add(i);
    return i;
  }

  /** Positions of columns no reader asked for; their cells go to `extra` so nothing is dropped. */
  unused(): number[] {
    return this.names.map((_, i) => i).filter((i) => !this.used.has(i));
  }

  /** A cell, `""` → null; absent column → null. */
  text(cells: string[], i: number): string | null {
    if (i < 0) return null;
    const v = cells[i];
    return v === undefined || v === '' ? null : v;
  }

  /** A cell that must not be empty. */
  nonEmpty(cells: string[], i: number, line: number): string {
    const v = cells[i];
    if (v === undefined || v === '') throw this.cellError(`${this.names[i] ?? `column ${i + 1}`} is empty`, line, i);
    return v;
  }

  /** A required amount as a canonical decimal string. */
  money(cells: string[], i: number, currency: string, line: number): string {
    const v = cells[i] ?? '';
    try {
      return normalizeMoney(v, currency);
    } catch (e) {
      if (e instanceof MoneyFormatError) throw this.cellError(`${this.names[i]}: ${e.message}`, line, i);
      throw e;
    }
  }

  /** A required timestamp. */
  timestamp(cells: string[], i: number, line: number): ReportTimestamp {
    const v = cells[i] ?? '';
    const t = parseReportTimestamp(v);
    if (!t) throw this.cellError(`${this.names[i]} ${JSON.stringify(v)} is not a timestamp like 2018-09-11T00:19:53 -0700`, line, i);
    return t;
  }

  /** An optional timestamp (`""` → null). */
  optionalTimestamp(cells: string[], i: number, line: number): ReportTimestamp | null {
    if (i < 0 || (cells[i] ?? '') === '') return null;
    return this.timestamp(cells, i, line);
  }

  /** Cells of unused columns by header name, or undefined when there are none. */
  extra(cells: string[], unused: number[]): Record<string, string | null> | undefined {
    if (unused.length === 0) return undefined;
    const out: Record<string, string | null> = {};
    for (const i of unused) out[this.names[i] ?? `column${i + 1}`] = this.text(cells, i);
    return out;
  }

  cellError(message: string, line: number, index: number): ReportParseError {
    return new ReportParseError(message, { file: this.file, line, column: index + 1 });
  }
}
