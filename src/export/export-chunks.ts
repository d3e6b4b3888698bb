import type { Store } from '../store/store.js';
import { EXPORTED_ROW_COLUMNS, type ExportedRowCells } from '../store/exported-row-cells.js';
import { csvCell } from './csv-cell.js';
import type { SettlementSummary } from '../reconcile/settlement-summaries.js';
import { settlementRowsCsv } from './settlement-rows-csv.js';
import { spreadsheetSafeCsvCell } from './spreadsheet-safe-csv-cell.js';
import { textChunks } from './text-chunks.js';

/** What to export and how. Times filter on the row's posted time (rows) or the period start (settlements): since <= t < until. */
export interface ExportOptions {
  what: 'rows' | 'settlements';
  format: 'csv' | 'json' | 'ndjson';
  since?: string | undefined;
  until?: string | undefined;
  /**
   * CSV only: write text cells exactly as stored. By default a text cell a spreadsheet would run
   * as a formula (starting with `=`, `+`, `-`, `@`, tab or CR) gets a leading `'`; amounts never do.
   */
  rawCsv?: boolean | undefined;
  /** Counts the records written, for a summary of the export. */
  stats?: { records: number } | undefined;
}

export type { ExportedRow } from '../store/stored-report.js';

/** Summary columns holding exact decimal amounts: never prefixed against formulas, so spreadsheets keep them numeric. */
const AMOUNT_COLUMNS: ReadonlySet<string> = new Set<keyof SettlementSummary>([
  'captures', 'refunds', 'fees', 'chargebacks', 'adjustments', 'reserve', 'net', 'payout', 'disbursedAmount',
]);
const SETTLEMENT_COLUMNS: ReadonlyArray<keyof SettlementSummary> = [
  'settlementId', 'reportId', 'reportType', 'sellerId', 'start', 'end', 'currency', 'rows', 'captures', 'refunds', 'fees', 'chargebacks',
  'adjustments', 'reserve', 'net', 'payout', 'amazonDisbursementReferenceId', 'disbursedAmount', 'status',
];
/** `"settlementId":` and so on: a row's JSON is these with each cell's JSON, the bytes JSON.stringify gives the row object. */
const ROW_KEYS = EXPORTED_ROW_COLUMNS.map((c, i) => `${i === 0 ? '{' : ','}${JSON.stringify(c)}:`);

/**
 * The export as text chunks, generated while reading the store so a large export never sits in
 * memory. Rows come only from each settlement's active report, so a re-issued settlement is
 * exported once.
 */
export async function* exportChunks(store: Store, options: ExportOptions): AsyncGenerator<string> {
  const utf8 = new TextDecoder();
  for await (const chunk of exportOutput(store, options)) yield typeof chunk === 'string' ? chunk : utf8.decode(chunk);
}

/** The same export as chunks of text or of UTF-8 bytes (CSV rows are made as bytes), for a writer that takes either. */
export async function* exportOutput(store: Store, options: ExportOptions): AsyncGenerator<string | Uint8Array> {
  const filter = { ...(options.since === undefined ? {} : { since: options.since }), ...(options.until === undefined ? {} : { until: options.until }) };
  if (options.what === 'rows' && options.format === 'csv') {
    yield* settlementRowsCsv(store.settlementRowTexts(filter), options);
    return;
  }
  if (options.what === 'rows') {
    yield* jsonChunks(store.settlementRowCells(filter), rowJson, options);
    return;
  }
  const { settlementSummaries } = await import('../reconcile/settlement-summaries.js');
  const summaries = await settlementSummaries(store, options);
  if (options.format !== 'csv') {
    yield* jsonChunks([summaries], (s) => JSON.stringify(s), options);
    return;
  }
  const stats = options.stats;
  yield* textChunks((function* (): Generator<string> {
    yield `${SETTLEMENT_COLUMNS.join(',')}\r\n`;
    for (const s of summaries) {
      const rec = s as unknown as Record<string, string | number | null>;
      yield `${SETTLEMENT_COLUMNS.map((c) => (options.rawCsv ? csvCell(rec[c]) : spreadsheetSafeCsvCell(rec[c], AMOUNT_COLUMNS.has(c) ? 'amount' : 'text'))).join(',')}\r\n`;
      if (stats) stats.records++;
    }
  })());
}

function rowJson(cells: ExportedRowCells): string {
  let json = '';
  for (let i = 0; i < cells.length; i++) json += `${ROW_KEYS[i] ?? ''}${JSON.stringify(cells[i])}`;
  return `${json}}`;
}

/** JSON (one array, a record a line) or NDJSON, in ~64 KiB chunks, from batches of records. */
async function* jsonChunks<T>(batches: AsyncIterable<T[]> | Iterable<T[]>, toJson: (item: T) => string, options: ExportOptions): AsyncGenerator<string> {
  let buffer = options.format === 'json' ? '[' : '';
  let first = true;
  for await (const batch of batches) {
    for (const item of batch) {
      buffer += options.format === 'json' ? `${first ? '\n' : ',\n'}${toJson(item)}` : `${toJson(item)}\n`;
      first = false;
      if (options.stats) options.stats.records++;
      if (buffer.length >= 64 * 1024) {
        yield buffer;
        buffer = '';
      }
    }
  }
  if (options.format === 'json') buffer += first ? ']\n' : '\n]\n';
  if (buffer) yield buffer;
}
