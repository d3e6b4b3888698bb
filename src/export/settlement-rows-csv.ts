import { EXPORTED_ROW_COLUMNS, ROW_TEXT_SEPARATOR, type ExportedRowCells } from '../store/exported-row-cells.js';
import { csvCell } from './csv-cell.js';
import { spreadsheetSafeCsvCell } from './spreadsheet-safe-csv-cell.js';

/** Columns that hold numbers: amounts (exact decimals) and the line number are never prefixed against formulas. */
const NUMBER_COLUMNS: ReadonlySet<string> = new Set<(typeof EXPORTED_ROW_COLUMNS)[number]>(['line', 'amount', 'percentageFee', 'fixedFee', 'totalFee', 'net']);
const KINDS: ReadonlyArray<'amount' | 'text'> = EXPORTED_ROW_COLUMNS.map((c) => (NUMBER_COLUMNS.has(c) ? 'amount' : 'text'));

const S = ROW_TEXT_SEPARATOR;
const S_BYTE = S.charCodeAt(0);
const COMMA_BYTE = ','.charCodeAt(0);
/** A cell csvCell writes as it is: no quote, comma or line break, no space at either end. */
const AS_IS = `(?:[^\\s",${S}](?:[^",\\r\\n${S}]*[^\\s",${S}])?)?`;
/** The same that a spreadsheet would not run either: it does not start with =, +, -, @ (tab and CR are spaces). */
const SAFE_TEXT = `(?:[^\\s=+\\-@",${S}](?:[^",\\r\\n${S}]*[^\\s",${S}])?)?`;
/** An exact decimal (or the line number): written as it is in an amount column. */
const DECIMAL = '-?\\d+(?:\\.\\d+)?';
/** A cell with a comma (and no quote or line break) in the quotes we put around it: as csvCell writes it. */
const QUOTED_AS_IS = `"[^"\\r\\n${S}]*"`;
/** The same when a spreadsheet would not run it: it does not start with =, +, -, @, tab or CR. */
const QUOTED_SAFE = `"[^=+\\-@\\t\\r"\\n${S}][^"\\r\\n${S}]*"`;
/** The cells of a row text that hold a comma but no line break. */
const COMMA_CELL = new RegExp(`(?<=^|${S})[^${S}\\r\\n]*,[^${S}\\r\\n]*(?=${S}|$)`, 'g');
/** Bytes a chunk gathers before it is handed on. */
const CHUNK = 64 * 1024;

/** What a cell of each column that is written unchanged looks like. */
const unchangedCells = (raw: boolean): string[] => KINDS.map((kind) => (raw ? AS_IS : kind === 'amount' ? `(?:${DECIMAL}|${SAFE_TEXT})` : SAFE_TEXT));

/** One cell exactly as the export writes it; a row text's parts are strings, and null and '' both write nothing. */
function cell(value: string | number | null, kind: 'amount' | 'text', raw: boolean): string {
  return raw ? csvCell(value) : spreadsheetSafeCsvCell(value, kind);
}

/** `text` as UTF-8 with every separator turned into a comma: one native scan, no second string. */
function withCommas(text: string): Buffer {
  const bytes = Buffer.from(text, 'utf8');
  for (let i = bytes.indexOf(S_BYTE); i !== -1; i = bytes.indexOf(S_BYTE, i + 1)) bytes[i] = COMMA_BYTE;
  return bytes;
}

/**
 * Exported settlement rows as CSV bytes (UTF-8), in chunks of a batch or more (≥ 64 KiB), made
 * from the store's row texts. Most rows need nothing done to any cell (one regular-expression test
 * says so): their line is the text itself, no string per cell, and the separators become commas
 * in the encoded bytes. Most others only need the cells with a comma quoted. Any other row is
 * written cell by cell with the same rules, so the bytes are the same either way.
 */
export async function* settlementRowsCsv(
  rows: AsyncIterable<Array<string | ExportedRowCells>>,
  options: { rawCsv?: boolean | undefined; stats?: { records: number } | undefined },
): AsyncGenerator<Uint8Array> {
  const raw = options.rawCsv ?? false;
  const cells = unchangedCells(raw);
  const unchanged = new RegExp(`^${cells.join(S)}$`);
  // Most rows that need work have a comma in a text (a store name, a description) and nothing else.
  const quoted = raw ? QUOTED_AS_IS : QUOTED_SAFE;
  const unchangedOrQuoted = new RegExp(`^${cells.map((c) => `(?:${c}|${quoted})`).join(S)}$`);
  // A row that needs work usually needs it in one cell: the others pass one test each and stay as they are.
  const unchangedCell = cells.map((c) => new RegExp(`^${c}$`));
  const write = (value: string | number | null, i: number): string =>
    typeof value === 'string' && unchangedCell[i]?.test(value) ? value : cell(value, KINDS[i] ?? 'text', raw);
  const fromParts = (parts: ReadonlyArray<string | number | null>): string => {
    let line = write(parts[0] ?? null, 0);
    for (let i = 1; i < KINDS.length; i++) line += `,${write(parts[i] ?? null, i)}`;
    return line;
  };
  /** A row text's line; separators may still stand where the commas go. */
  const fromText = (text: string): string => {
    if (unchanged.test(text)) return text;
    // Quote the cells with a comma, in one pass, when that is all there is to do. The row has no
    // quote of its own, so every quote in it is ours: the second test knows which cells they wrap.
    if (!text.includes('"')) {
      const withQuotes = text.replace(COMMA_CELL, '"$&"');
      if (unchangedOrQuoted.test(withQuotes)) return withQuotes;
    }
    return fromParts(text.split(S));
  };
  // Lines whose separators still stand where the commas go, then lines written out (whose cells may hold one).
  let pending = `${EXPORTED_ROW_COLUMNS.join(',')}\r\n`;
  let written = '';
  const done: Buffer[] = [];
  const settle = (): void => {
    if (pending) done.push(withCommas(pending));
    if (written) done.push(Buffer.from(written, 'utf8'));
    pending = '';
    written = '';
  };
  for await (const batch of rows) {
    for (const row of batch) {
      if (typeof row === 'string') {
        if (written) settle();
        pending += `${fromText(row)}\r\n`;
      } else {
        if (pending) settle();
        written += `${fromParts(row)}\r\n`;
      }
    }
    if (options.stats) options.stats.records += batch.length;
    if (pending.length + written.length + done.reduce((n, b) => n + b.length, 0) >= CHUNK) {
      settle();
      yield* done.splice(0);
    }
  }
  settle();
  yield* done;
}
