import type { Database } from 'better-sqlite3';
import type { SettlementRecord } from '../reports/parsed-record.js';
import { csvCell } from './csv-cell.js';
import { settlementSummaries, type SettlementSummary } from './settlement-summaries.js';
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

/** An exported settlement row: the parsed record's fields plus the report it came from. */
export type ExportedRow = Omit<SettlementRecord, 'kind' | 'extra' | 'transactionType'> & { reportId: string; transactionType: string };

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
export function* exportChunks(db: Database, options: ExportOptions): Generator<string> {
  const items: Iterable<object> = options.what === 'rows' ? exportedRows(db, options) : settlementSummaries(db, options);
  const columns = (options.what === 'rows' ? ROW_COLUMNS : SETTLEMENT_COLUMNS) as readonly string[];
  let buffer = '';
  let first = true;
  if (options.format === 'csv') buffer = `${columns.join(',')}\r\n`;
  else if (options.format === 'json') buffer = '[';
  for (const item of items) {
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

function* exportedRows(db: Database, options: { since?: string | undefined; until?: string | undefined }): Generator<ExportedRow> {
  const stmt = db.prepare(`
    SELECT r.settlement_id AS settlementId, r.report_id AS reportId, r.line, r.posted_at AS postedAt, r.posted_at_raw AS postedAtRaw,
      r.transaction_type AS transactionType, r.amazon_transaction_id AS amazonTransactionId, r.seller_reference_id AS sellerReferenceId,
      r.amazon_order_reference_id AS amazonOrderReferenceId, r.seller_order_id AS sellerOrderId, r.store_name AS storeName,
      r.currency_code AS currencyCode, r.description, r.amount, r.percentage_fee AS percentageFee, r.fixed_fee AS fixedFee,
      r.total_fee AS totalFee, r.net
    FROM settlement_rows r
    JOIN settlements s ON s.report_id = r.report_id AND s.settlement_id = r.settlement_id AND s.active = 1
    WHERE (@since IS NULL OR r.posted_at >= @since) AND (@until IS NULL OR r.posted_at < @until)
    ORDER BY r.posted_at, r.report_id, r.line`);
  yield* stmt.iterate({ since: options.since ?? null, until: options.until ?? null }) as IterableIterator<ExportedRow>;
}
