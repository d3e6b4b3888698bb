import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { Database, Statement } from 'better-sqlite3';
import { formatMinor } from '../reports/money.js';
import type { ParsedRecord, ParseWarning, ReportKind, SettlementPreamble } from '../reports/parsed-record.js';
import { parseReportFile } from '../reports/parse-report-file.js';
import { kindForReportType } from '../reports/kind-for-report-type.js';
import { SettlementAccumulator, type SettlementTotals } from './settlement-accumulator.js';

/** What an import did. */
export interface ImportResult {
  reportId: string;
  kind: ReportKind;
  sha256: string;
  bytes: number;
  /** Records stored (settlement or transaction rows). */
  rows: number;
  warnings: number;
  settlementIds: string[];
  /** True when the same report with the same bytes was already imported: nothing changed. */
  skipped: boolean;
}

/** Options for importReportFile. */
export interface ImportOptions {
  /** A broken row: record a `bad-row` warning and go on (default), or fail the import. */
  onBadRow?: 'warn' | 'error';
  now?: () => Date;
}

/**
 * Imports one downloaded report file into the store, atomically and idempotently.
 *
 * - Same reportId, same bytes (sha256): nothing changes (`skipped`).
 * - Same reportId, new bytes: its earlier rows are replaced.
 * - A SettlementId already imported from another report: both copies are kept (reconcile reports
 *   the duplicate) and exactly one is `active` — the report Amazon created last (reports.created_time),
 *   else the one imported last — so totals are never double-counted.
 *
 * The whole import runs in one `BEGIN IMMEDIATE` transaction while the file streams through in
 * batches, so a failed import leaves the previous rows intact. Callers must not use the same
 * connection concurrently while an import is in flight (the sync calls it serialized).
 */
export async function importReportFile(
  db: Database,
  report: { reportId: string; reportType: string },
  filePath: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const { sha256, bytes } = await hashFile(filePath);
  const previous = db.prepare('SELECT sha256, report_kind, row_count, warning_count FROM report_imports WHERE report_id = ?')
    .get(report.reportId) as { sha256: string; report_kind: ReportKind; row_count: number; warning_count: number } | undefined;
  if (previous && previous.sha256 === sha256) {
    const ids = db.prepare('SELECT settlement_id FROM settlements WHERE report_id = ? ORDER BY settlement_id').pluck().all(report.reportId) as string[];
    return { reportId: report.reportId, kind: previous.report_kind, sha256, bytes, rows: previous.row_count, warnings: previous.warning_count, settlementIds: ids, skipped: true };
  }

  const pendingWarnings: ParseWarning[] = [];
  let warningCount = 0;
  const parsed = parseReportFile(filePath, {
    kind: kindForReportType(report.reportType),
    onBadRow: options.onBadRow ?? 'warn',
    maxWarnings: 100,
    onWarning: (w) => pendingWarnings.push(w),
  });
  const s = statements(db);
  const accumulator = new SettlementAccumulator();
  let rows = 0;

  db.exec('BEGIN IMMEDIATE');
  try {
    const oldSettlements = db.prepare('SELECT settlement_id FROM settlements WHERE report_id = ?').pluck().all(report.reportId) as string[];
    for (const table of ['settlement_rows', 'settlements', 'transaction_rows', 'report_warnings']) {
      db.prepare(`DELETE FROM ${table} WHERE report_id = ?`).run(report.reportId);
    }
    const flushWarnings = () => {
      for (const w of pendingWarnings) s.warning.run(report.reportId, w.line ?? null, w.code, w.message);
      warningCount += pendingWarnings.length;
      pendingWarnings.length = 0;
    };
    for await (const batch of parsed.batches()) {
      insertBatch(s, report.reportId, batch, accumulator);
      rows += batch.length;
      flushWarnings();
    }
    flushWarnings();
    const summary = parsed.summary;
    const kind = summary.kind ?? 'generic';
    const totals = accumulator.totals();
    for (const t of totals) insertSettlement(s, report, summary.preamble, t);
    if (kind === 'settlement' || kind === 'sandbox-settlement') {
      if (totals.length === 0 && summary.preamble) {
        // A settlement without rows still exists (a period with no activity); it has no SettlementId column to read.
        s.warning.run(report.reportId, null, 'no-rows', 'settlement file has no transaction rows');
        warningCount++;
      }
    }
    const now = (options.now ?? (() => new Date()))().toISOString();
    s.upsertImport.run(report.reportId, report.reportType, kind, filePath, sha256, bytes, rows, warningCount, now);
    for (const id of new Set([...oldSettlements, ...totals.map((t) => t.settlementId)])) s.pickActive.run({ id });
    db.exec('COMMIT');
    return { reportId: report.reportId, kind, sha256, bytes, rows, warnings: warningCount, settlementIds: totals.map((t) => t.settlementId), skipped: false };
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw error;
  }
}

/** Rows per multi-row INSERT: one statement call per 64 rows instead of per row (19 × 64 parameters, far below SQLite's limit). */
const ROWS_PER_INSERT = 64;
const SETTLEMENT_ROW_COLUMNS = 19;

interface Statements {
  settlementRow: Statement;
  settlementRows: Statement;
  transactionRow: Statement;
  warning: Statement;
  settlement: Statement;
  upsertImport: Statement;
  pickActive: Statement;
}

function statements(db: Database): Statements {
  return {
    settlementRow: db.prepare(settlementInsert(1)),
    settlementRows: db.prepare(settlementInsert(ROWS_PER_INSERT)),
    transactionRow: db.prepare('INSERT INTO transaction_rows (report_id, line, report_kind, record) VALUES (?, ?, ?, ?)'),
    warning: db.prepare('INSERT INTO report_warnings (report_id, line, code, message) VALUES (?, ?, ?, ?)'),
    settlement: db.prepare(`INSERT INTO settlements (settlement_id, report_id, report_type, seller_id, start_raw, start_at,
      end_raw, end_at, currency, row_count, captures, refunds, fees, chargebacks, adjustments, reserve, net, payout,
      transfer_count, first_posted_at, last_posted_at, active)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)`),
    upsertImport: db.prepare(`INSERT INTO report_imports (report_id, report_type, report_kind, file_path, sha256, bytes,
      row_count, warning_count, imported_at, seq)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(MAX(seq), 0) + 1 FROM report_imports))
      ON CONFLICT (report_id) DO UPDATE SET report_type = excluded.report_type, report_kind = excluded.report_kind,
        file_path = excluded.file_path, sha256 = excluded.sha256, bytes = excluded.bytes, row_count = excluded.row_count,
        warning_count = excluded.warning_count, imported_at = excluded.imported_at, seq = excluded.seq`),
    // The copy Amazon created last wins; without listing metadata, the one imported last.
    pickActive: db.prepare(`UPDATE settlements SET active = (report_id = (
        SELECT s.report_id FROM settlements s
        JOIN report_imports i ON i.report_id = s.report_id
        LEFT JOIN reports r ON r.report_id = s.report_id
        WHERE s.settlement_id = @id
        ORDER BY r.created_time IS NULL, r.created_time DESC, i.seq DESC
        LIMIT 1))
      WHERE settlement_id = @id`),
  };
}

function settlementInsert(rows: number): string {
  const tuple = `(${new Array<string>(SETTLEMENT_ROW_COLUMNS).fill('?').join(', ')})`;
  return `INSERT INTO settlement_rows (report_id, line, settlement_id, posted_at, posted_at_raw,
    amazon_transaction_id, seller_reference_id, transaction_type, amazon_order_reference_id, seller_order_id, store_name,
    currency_code, description, amount, percentage_fee, fixed_fee, total_fee, net, extra)
    VALUES ${new Array<string>(rows).fill(tuple).join(', ')}`;
}

function insertBatch(s: Statements, reportId: string, batch: ParsedRecord[], acc: SettlementAccumulator): void {
  const params: unknown[] = [];
  let pending = 0;
  for (const r of batch) {
    if (r.kind === 'settlement') {
      params.push(
        reportId, r.line, r.settlementId, r.postedAt, r.postedAtRaw, r.amazonTransactionId, r.sellerReferenceId,
        r.transactionType, r.amazonOrderReferenceId, r.sellerOrderId, r.storeName, r.currencyCode, r.description,
        r.amount, r.percentageFee, r.fixedFee, r.totalFee, r.net, r.extra ? JSON.stringify(r.extra) : null,
      );
      acc.add(r);
      if (++pending === ROWS_PER_INSERT) {
        s.settlementRows.run(params);
        params.length = 0;
        pending = 0;
      }
    } else {
      s.transactionRow.run(reportId, r.line, r.kind, JSON.stringify(r));
    }
  }
  for (let i = 0; i < pending; i++) s.settlementRow.run(params.slice(i * SETTLEMENT_ROW_COLUMNS, (i + 1) * SETTLEMENT_ROW_COLUMNS));
}

function insertSettlement(s: Statements, report: { reportId: string; reportType: string }, p: SettlementPreamble | undefined, t: SettlementTotals): void {
  const m = (v: bigint) => formatMinor(v, t.currency);
  s.settlement.run(
    t.settlementId, report.reportId, report.reportType, p?.sellerId ?? null, p?.start?.raw ?? null, p?.start?.iso ?? null,
    p?.end?.raw ?? null, p?.end?.iso ?? null, t.currency, t.rowCount, m(t.captures), m(t.refunds), m(t.fees), m(t.chargebacks),
    m(t.adjustments), m(t.reserve), m(t.net), m(t.payout), t.transferCount, t.firstPostedAt ?? null, t.lastPostedAt ?? null,
  );
}

async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}
