import type { Database } from 'better-sqlite3';
import type { Disbursement, Report } from '../client/types.js';
import { formatIso, normalizeApiTime } from '../dates.js';
import { StoreError } from '../errors.js';
import { redact } from '../redact.js';
import {
  reportChanged, reportParams, timeParam, toDisbursement, toStoredReport, toSyncRun,
  type DisbursementRow, type ReportRow, type RunRow,
} from './store-rows.js';
import { toStoreError } from './to-store-error.js';
import type { RecordedFile, ReportFilter, RunSummary, StoredReport, SyncRun, UpsertOutcome } from './stored-report.js';

export type { RecordedFile, ReportFilter, RunSummary, StoredReport, SyncRun, UpsertOutcome } from './stored-report.js';

/** The local store: reports and their files, sync runs, checkpoints and disbursements. */
export interface Store {
  /** The raw connection, for modules that own their own tables (import). */
  readonly db: Database;
  /** Path of the database file. */
  readonly path: string;
  /** Records a listed report's metadata and state; never clears a recorded download. */
  upsertListedReport(report: Report): UpsertOutcome;
  getReport(reportId: string): StoredReport | undefined;
  /** Reports matching the filter, oldest createdTime first. */
  listReports(filter?: ReportFilter): StoredReport[];
  /** Marks the report's file as safely on disk; StoreError when the report was never recorded. */
  recordDownload(reportId: string, file: RecordedFile): void;
  /** Counts a failed download attempt and keeps its (redacted) message. */
  recordFailure(reportId: string, message: string): void;
  /** COMPLETED reports without a file, plus reports not yet finished (to re-check), oldest first. */
  reportsNeedingWork(): StoredReport[];
  getCheckpoint(name: string): string | undefined;
  setCheckpoint(name: string, value: string): void;
  /** Opens a `sync_runs` row in state `running`, first marking runs left `running` by a dead process `interrupted`; returns its id. Call it holding the sync lock. */
  startRun(): number;
  finishRun(id: number, summary: RunSummary): void;
  /** The most recent runs, newest first. */
  listRuns(limit?: number): SyncRun[];
  upsertDisbursement(disbursement: Disbursement): UpsertOutcome;
  /** Disbursements with since <= transactionTime < until, oldest first. */
  listDisbursements(filter?: { since?: Date | string; until?: Date | string }): Disbursement[];
  /** Runs `fn` in one (deferred) transaction; it must be synchronous. */
  transaction<T>(fn: () => T): T;
  close(): void;
}


/** Wraps an open, migrated connection; statements are prepared once here. */
export function createStore(db: Database, path: string, now: () => Date = () => new Date()): Store {
  const stamp = (): string => formatIso(now());
  // Array filters go in as one JSON parameter, so the SQL text never depends on the input.
  const s = {
    getReport: db.prepare<[string], ReportRow>('SELECT * FROM reports WHERE report_id = ?'),
    insertReport: db.prepare(`INSERT INTO reports (report_id, report_type, processing_status, created_time, start_time,
      end_time, processing_start_time, processing_end_time, report_document_id, first_seen_at, updated_at)
      VALUES (@reportId, @reportType, @processingStatus, @createdTime, @startTime, @endTime, @processingStartTime,
      @processingEndTime, @reportDocumentId, @now, @now)`),
    // COALESCE: a listing that omits a field does not erase what an earlier one told us.
    updateReport: db.prepare(`UPDATE reports SET report_type = @reportType, processing_status = @processingStatus,
      created_time = @createdTime, start_time = COALESCE(@startTime, start_time), end_time = COALESCE(@endTime, end_time),
      processing_start_time = COALESCE(@processingStartTime, processing_start_time),
      processing_end_time = COALESCE(@processingEndTime, processing_end_time),
      report_document_id = COALESCE(@reportDocumentId, report_document_id), updated_at = @now
      WHERE report_id = @reportId`),
    listReports: db.prepare<Record<string, unknown>, ReportRow>(`SELECT * FROM reports WHERE
      (@types IS NULL OR report_type IN (SELECT value FROM json_each(@types)))
      AND (@statuses IS NULL OR processing_status IN (SELECT value FROM json_each(@statuses)))
      AND (@since IS NULL OR created_time >= @since) AND (@until IS NULL OR created_time < @until)
      AND (@downloaded IS NULL OR (file_path IS NOT NULL) = @downloaded)
      ORDER BY created_time, report_id`),
    recordDownload: db.prepare(`UPDATE reports SET file_path = @path, bytes = @bytes, sha256 = @sha256,
      downloaded_at = @now, last_error = NULL, updated_at = @now WHERE report_id = @reportId`),
    recordFailure: db.prepare(`UPDATE reports SET attempts = attempts + 1, last_error = @message, updated_at = @now
      WHERE report_id = @reportId`),
    needingWork: db.prepare<[], ReportRow>(`SELECT * FROM reports WHERE
      (processing_status = 'COMPLETED' AND file_path IS NULL)
      OR processing_status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')
      ORDER BY created_time, report_id`),
    getCheckpoint: db.prepare<[string], { value: string }>('SELECT value FROM checkpoint WHERE name = ?'),
    setCheckpoint: db.prepare(`INSERT INTO checkpoint (name, value) VALUES (?, ?)
      ON CONFLICT (name) DO UPDATE SET value = excluded.value`),
    startRun: db.prepare(`INSERT INTO sync_runs (started_at, status) VALUES (?, 'running')`),
    // Called under the sync lock: any run still 'running' belongs to a process that died (kill -9).
    closeDeadRuns: db.prepare(`UPDATE sync_runs SET status = 'interrupted', finished_at = ?,
      error = 'the process ended before the run finished (killed or crashed)' WHERE status = 'running'`),
    finishRun: db.prepare(`UPDATE sync_runs SET finished_at = @now, status = @status, listed = @listed,
      downloaded = @downloaded, skipped = @skipped, failed = @failed, api_calls = @apiCalls, error = @error WHERE id = @id`),
    listRuns: db.prepare<[number], RunRow>('SELECT * FROM sync_runs ORDER BY id DESC LIMIT ?'),
    getDisbursement: db.prepare<[string], DisbursementRow>(
      'SELECT * FROM disbursements WHERE amazon_disbursement_reference_id = ?',
    ),
    upsertDisbursement: db.prepare(`INSERT INTO disbursements (amazon_disbursement_reference_id, settlement_id, amount,
      currency_code, transaction_time, seller_id) VALUES (@id, @settlementId, @amount, @currencyCode, @transactionTime, @sellerId)
      ON CONFLICT (amazon_disbursement_reference_id) DO UPDATE SET settlement_id = excluded.settlement_id,
      amount = excluded.amount, currency_code = excluded.currency_code, transaction_time = excluded.transaction_time,
      seller_id = COALESCE(excluded.seller_id, seller_id)`),
    listDisbursements: db.prepare<Record<string, unknown>, DisbursementRow>(`SELECT * FROM disbursements WHERE
      (@since IS NULL OR transaction_time >= @since) AND (@until IS NULL OR transaction_time < @until)
      ORDER BY transaction_time, amazon_disbursement_reference_id`),
  };

  const upsertReport = db.transaction((report: Report): UpsertOutcome => {
    const params = reportParams(report, stamp());
    const row = s.getReport.get(report.reportId);
    if (!row) {
      s.insertReport.run(params);
      return 'new';
    }
    if (!reportChanged(row, params)) return 'unchanged';
    s.updateReport.run(params);
    return 'changed';
  });

  const upsertDisb = db.transaction((d: Disbursement): UpsertOutcome => {
    const params = {
      id: d.amazonDisbursementReferenceId,
      settlementId: d.settlementId,
      amount: d.amount,
      currencyCode: d.currencyCode,
      transactionTime: normalizeApiTime(d.transactionTime),
      sellerId: d.sellerId ?? null,
    };
    const row = s.getDisbursement.get(params.id);
    const same = row && row.settlement_id === params.settlementId && row.amount === params.amount
      && row.currency_code === params.currencyCode && row.transaction_time === params.transactionTime
      && (params.sellerId === null || row.seller_id === params.sellerId);
    if (same) return 'unchanged';
    s.upsertDisbursement.run(params);
    return row ? 'changed' : 'new';
  });

  const store: Store = {
    db,
    path,
    upsertListedReport: (report) => upsertReport(report),
    getReport: (reportId) => {
      const row = s.getReport.get(reportId);
      return row ? toStoredReport(row) : undefined;
    },
    listReports: (filter = {}) =>
      s.listReports.all({
        types: filter.reportTypes ? JSON.stringify(filter.reportTypes) : null,
        statuses: filter.processingStatuses ? JSON.stringify(filter.processingStatuses) : null,
        since: timeParam(filter.createdSince, 'createdSince'),
        until: timeParam(filter.createdUntil, 'createdUntil'),
        downloaded: filter.downloaded === undefined ? null : filter.downloaded ? 1 : 0,
      }).map(toStoredReport),
    recordDownload: (reportId, file) => {
      const result = s.recordDownload.run({ reportId, path: file.path, bytes: file.bytes, sha256: file.sha256, now: stamp() });
      if (result.changes === 0) throw new StoreError(`report ${reportId} is not in the store; record its listing before its download`);
    },
    recordFailure: (reportId, message) => {
      s.recordFailure.run({ reportId, message: redact(message), now: stamp() });
    },
    reportsNeedingWork: () => s.needingWork.all().map(toStoredReport),
    getCheckpoint: (name) => s.getCheckpoint.get(name)?.value,
    setCheckpoint: (name, value) => {
      s.setCheckpoint.run(name, value);
    },
    startRun: () => db.transaction(() => {
      s.closeDeadRuns.run(stamp());
      return Number(s.startRun.run(stamp()).lastInsertRowid);
    })(),
    finishRun: (id, summary) => {
      s.finishRun.run({ id, now: stamp(), ...summary, error: summary.error ?? null });
    },
    listRuns: (limit = 10) => s.listRuns.all(limit).map(toSyncRun),
    upsertDisbursement: (d) => upsertDisb(d),
    listDisbursements: (filter = {}) =>
      s.listDisbursements.all({
        since: timeParam(filter.since, 'since'),
        until: timeParam(filter.until, 'until'),
      }).map(toDisbursement),
    transaction: <T>(fn: () => T): T => db.transaction(fn)(),
    close: () => {
      if (db.open) db.close();
    },
  };
  return guarded(store, path);
}

/** Every method rethrows SQLite trouble (corrupt page, disk full, locked) as a StoreError naming the file. */
function guarded(store: Store, path: string): Store {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(store)) {
    out[key] = typeof value === 'function'
      ? (...args: unknown[]): unknown => {
          try {
            return (value as (...a: unknown[]) => unknown)(...args);
          } catch (error) {
            throw toStoreError(path, error);
          }
        }
      : value;
  }
  return out as unknown as Store;
}
