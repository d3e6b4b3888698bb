import type { Store } from '../store/store.js';
import type { ExportedRow } from '../store/stored-report.js';
import { csvCell } from './csv-cell.js';
import { settlementSummaries, type SettlementSummary } from '../reconcile/settlement-summaries.js';
import { spreadsheetSafeCsvCell } from './spreadsheet-safe-csv-cell.js';

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

const ROW_COLUMNS: ReadonlyArray<keyof ExportedRow> = [
  'settlementId', 'reportId', 'line', 'postedAt', 'postedAtRaw', 'transactionType', 'amazonTransactionId', 'sellerReferenceId',
  'amazonOrderReferenceId', 'sellerOrderId', 'storeName', 'currencyCode', 'description', 'amount', 'percentageFee', 'fixedFee', 'totalFee', 'net',
];
/** Columns holding exact decimal amounts: never prefixed against formulas, so spreadsheets keep them numeric. */
const AMOUNT_COLUMNS: ReadonlySet<string> = new Set<keyof ExportedRow | keyof SettlementSummary>([
  'amount', 'percentageFee', 'fixedFee', 'totalFee', 'net', 'captures', 'refunds', 'fees', 'chargebacks', 'adjustments', 'reserve', 'payout', 'disbursedAmount',
]);
const exportCell = (value: string | number | null | undefined, column: string, raw: boolean | undefined): string =>
  raw ? csvCell(value) : spreadsheetSafeCsvCell(value, AMOUNT_COLUMNS.has(column) ? 'amount' : 'text');
const SETTLEMENT_COLUMNS: ReadonlyArray<keyof SettlementSummary> = [
  'settlementId', 'reportId', 'reportType', 'sellerId', 'start', 'end', 'currency', 'rows', 'captures', 'refunds', 'fees', 'chargebacks',
  'adjustments', 'reserve', 'net', 'payout', 'amazonDisbursementReferenceId', 'disbursedAmount', 'status',
];

/**
 * The export as text chunks, generated while reading the store so a large export never sits in
 * memory. Rows come only from each settlement's active report, so a re-issued settlement is
 * exported once.
 */
export async function* exportChunks(store: Store, options: ExportOptions): AsyncGenerator<string> {
  const items: AsyncIterable<object> | Iterable<object> = options.what === 'rows' ? exportedRows(store, options) : await settlementSummaries(store, options);
  const columns = (options.what === 'rows' ? ROW_COLUMNS : SETTLEMENT_COLUMNS) as readonly string[];
  let buffer = '';
  let first = true;
  if (options.format === 'csv') buffer = `${columns.join(',')}\r\n`;
  else if (options.format === 'json') buffer = '[';
  for await (const item of items) {
    const rec = item as Record<string, string | number | null>;
    if (options.format === 'csv') buffer += `${columns.map((c) => exportCell(rec[c], c, options.rawCsv)).join(',')}\r\n`;
    else if (options.format === 'json') buffer += `${first ? '\n' : ',\n'}${JSON.stringify(item)}`;
    else buffer += `${JSON.stringify(item)}\n`;
    first = false;
    if (options.stats) options.stats.records++;
    if (buffer.length >= 64 * 1024) {
      yield buffer;
      buffer = '';
    }
  }
  if (options.format === 'json') buffer += first ? ']\n' : '\n]\n';
  if (buffer) yield buffer;
}

async function* exportedRows(store: Store, options: { since?: string | undefined; until?: string | undefined }): AsyncGenerator<ExportedRow> {
  const filter = { ...(options.since === undefined ? {} : { since: options.since }), ...(options.until === undefined ? {} : { until: options.until }) };
  for await (const batch of store.settlementRows(filter)) yield* batch;
}
