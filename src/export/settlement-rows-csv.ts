import { EXPORTED_ROW_COLUMNS, ROW_TEXT_SEPARATOR, type ExportedRowCells } from '../store/exported-row-cells.js';
import { csvCell } from './csv-cell.js';
import { spreadsheetSafeCsvCell } from './spreadsheet-safe-csv-cell.js';

/** Columns that hold numbers: amounts (exact decimals) and the line number are never prefixed against formulas. */
const NUMBER_COLUMNS: ReadonlySet<string> = new Set<(typeof EXPORTED_ROW_COLUMNS)[number]>(['line', 'amount', 'percentageFee', 'fixedFee', 'totalFee', 'net']);
const KINDS: ReadonlyArray<'amount' | 'text'> = EXPORTED_ROW_COLUMNS.map((c) => (NUMBER_COLUMNS.has(c) ? 'amount' : 'text'));

const S = ROW_TEXT_SEPARATOR;
/** A cell csvCell writes as it is: no quote, comma or line break, no space at either end. */
const AS_IS = `(?:[^\\s",${S}](?:[^",\\r\\n${S}]*[^\\s",${S}])?)?`;
/** The same that a spreadsheet would not run either: it does not start with =, +, -, @ (tab and CR are spaces). */
const SAFE_TEXT = `(?:[^\\s=+\\-@",${S}](?:[^",\\r\\n${S}]*[^\\s",${S}])?)?`;
/** An exact decimal (or the line number): written as it is in an amount column. */
const DECIMAL = '-?\\d+(?:\\.\\d+)?';

/** Matches a row text whose every cell the CSV writes unchanged, so that the line is the text with commas. */
function unchangedRow(raw: boolean): RegExp {
  const cells = KINDS.map((kind) => (raw ? AS_IS : kind === 'amount' ? `(?:${DECIMAL}|${SAFE_TEXT})` : SAFE_TEXT));
  return new RegExp(`^${cells.join(S)}$`);
}

/** One cell exactly as the export writes it; a row text's parts are strings, and null and '' both write nothing. */
function cell(value: string | number | null, kind: 'amount' | 'text', raw: boolean): string {
  return raw ? csvCell(value) : spreadsheetSafeCsvCell(value, kind);
}

/**
 * Exported settlement rows as CSV, in chunks of a batch or more (≥ 64 KiB), made from the store's row texts. Most rows
 * need nothing done to any cell (one regular-expression test says so), and their line is the text
 * itself: no string per cell, and the separators become commas once per chunk. Any other row is
 * written cell by cell with the same rules, so the bytes are the same either way.
 */
export async function* settlementRowsCsv(
  rows: AsyncIterable<Array<string | ExportedRowCells>>,
  options: { rawCsv?: boolean | undefined; stats?: { records: number } | undefined },
): AsyncGenerator<string> {
  const raw = options.rawCsv ?? false;
  const unchanged = unchangedRow(raw);
  const fromParts = (parts: ReadonlyArray<string | number | null>): string => {
    let line = cell(parts[0] ?? null, KINDS[0] ?? 'text', raw);
    for (let i = 1; i < KINDS.length; i++) line += `,${cell(parts[i] ?? null, KINDS[i] ?? 'text', raw)}`;
    return line;
  };
  let done = `${EXPORTED_ROW_COLUMNS.join(',')}\r\n`;
  // Lines whose separators still stand where the commas go; cells never hold one there.
  let pending = '';
  for await (const batch of rows) {
    for (const row of batch) {
      if (typeof row === 'string') pending += `${unchanged.test(row) ? row : fromParts(row.split(S))}\r\n`;
      else {
        // Cells that hold the separator themselves: settle the lines before, then write this one as it is.
        done += pending.replaceAll(S, ',') + `${fromParts(row)}\r\n`;
        pending = '';
      }
    }
    if (options.stats) options.stats.records += batch.length;
    if (done.length + pending.length >= 64 * 1024) {
      yield done + pending.replaceAll(S, ',');
      done = '';
      pending = '';
    }
  }
  yield done + pending.replaceAll(S, ',');
}
