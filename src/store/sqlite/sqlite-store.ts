import type { Database } from 'better-sqlite3';
import type { Disbursement, Report } from '../../client/types.js';
import { formatIso, normalizeApiTime } from '../../dates.js';
import { StoreError } from '../../errors.js';
import { redact } from '../../redact.js';
import type { Store } from '../store.js';
import { nextIdentity } from '../store-identity.js';
import type { ReportRef, RowWriter, StoreIdentity, UpsertOutcome } from '../stored-report.js';
import { acquireSyncLock } from './lock.js';
import { MIGRATIONS } from './migrations.js';
import { createSqliteBackfill } from './sqlite-backfill.js';
import { createSqliteRows } from './sqlite-rows.js';
import {
  reportChanged, reportParams, timeParam, toDisbursement, toStoredReport, toSyncRun,
  type DisbursementRow, type ReportRow, type RunRow,
} from './store-rows.js';
import { toStoreError } from './to-store-error.js';

/**
 * The Store on one SQLite connection. Statements are prepared once here. Calls run one at a
 * time (an import holds its transaction across awaits, so nothing else may interleave with it).
 */
export function createSqliteStore(db: Database, location: string, options: { now?: () => Date; readOnly?: boolean } = {}): Store {
  const now = options.now ?? (() => new Date());
  const stamp = (): string => formatIso(now());
  const readOnly = options.readOnly === true;
  const s = statements(db);
  const serial = serialiser();
  const guard = <A extends unknown[], T>(fn: (...args: A) => T | Promise<T>) =>
    (...args: A): Promise<T> => serial(async () => {
      try {
        return await fn(...args);
      } catch (error) {
        throw toStoreError(location, error);
      }
    });

  const upsertReport = (report: Report): UpsertOutcome => {
    const params = reportParams(report, stamp());
    const row = s().getReport.get(report.reportId);
    if (!row) {
      s().insertReport.run(params);
      return 'new';
    }
    if (!reportChanged(row, params)) return 'unchanged';
    s().updateReport.run(params);
    return 'changed';
  };

  const upsertDisbursement = (d: Disbursement): UpsertOutcome => {
    const params = {
      id: d.amazonDisbursementReferenceId, settlementId: d.settlementId, amount: d.amount, currencyCode: d.currencyCode,
      transactionTime: normalizeApiTime(d.transactionTime), sellerId: d.sellerId ?? null,
    };
    const row = s().getDisbursement.get(params.id);
    const same = row && row.settlement_id === params.settlementId && row.amount === params.amount
      && row.currency_code === params.currencyCode && row.transaction_time === params.transactionTime
      && (params.sellerId === null || row.seller_id === params.sellerId);
    if (same) return 'unchanged';
    s().upsertDisbursement.run(params);
    return row ? 'changed' : 'new';
  };

  const readIdentity = (): StoreIdentity | undefined => {
    const row = db.prepare<[string], { value: string }>('SELECT value FROM store_meta WHERE key = ?').get('identity');
    return row ? (JSON.parse(row.value) as StoreIdentity) : undefined;
  };

  const rows = createSqliteRows(db, stamp);
  const backfill = createSqliteBackfill(db, stamp);

  return {
    location,
    readOnly,
    getIdentity: guard(readIdentity),
    bindIdentity: guard((given: StoreIdentity) => {
      const merged = nextIdentity(location, readIdentity(), given);
      if (!merged) return;
      db.prepare(`INSERT INTO store_meta (key, value) VALUES ('identity', ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value`)
        .run(JSON.stringify(merged));
    }),
    acquireSyncLock: guard((lockOptions: { now?: () => Date } = {}) => {
      if (location === ':memory:') return { release: () => Promise.resolve() };
      const lock = acquireSyncLock(location, { now: lockOptions.now ?? now });
      return { release: () => Promise.resolve(lock.release()) };
    }),
    upsertListedReports: guard((reports: readonly Report[]) => db.transaction(() => reports.map(upsertReport))()),
    getReport: guard((reportId: string) => {
      const row = s().getReport.get(reportId);
      return row ? toStoredReport(row) : undefined;
    }),
    listReports: guard((filter: Parameters<Store['listReports']>[0] = {}) =>
      s().listReports.all({
        types: filter.reportTypes ? JSON.stringify(filter.reportTypes) : null,
        statuses: filter.processingStatuses ? JSON.stringify(filter.processingStatuses) : null,
        since: timeParam(filter.createdSince, 'createdSince'),
        until: timeParam(filter.createdUntil, 'createdUntil'),
        downloaded: filter.downloaded === undefined ? null : filter.downloaded ? 1 : 0,
      }).map(toStoredReport)),
    recordDownload: guard((reportId: string, file: { path: string; bytes: number; sha256: string }) => {
      const result = s().recordDownload.run({ reportId, path: file.path, bytes: file.bytes, sha256: file.sha256, now: stamp() });
      if (result.changes === 0) throw new StoreError(`report ${reportId} is not in the store; record its listing before its download`);
    }),
    recordFailure: guard((reportId: string, message: string) => {
      s().recordFailure.run({ reportId, message: redact(message), now: stamp() });
    }),
    reportsNeedingWork: guard(() => s().needingWork.all().map(toStoredReport)),
    getCheckpoint: guard((name: string) => s().getCheckpoint.get(name)?.value),
    setCheckpoint: guard((name: string, value: string) => {
      s().setCheckpoint.run(name, value);
    }),
    startRun: guard(() => db.transaction(() => {
      s().closeDeadRuns.run(stamp());
      return Number(s().startRun.run(stamp()).lastInsertRowid);
    })()),
    finishRun: guard((id: number, summary: Parameters<Store['finishRun']>[1]) => {
      s().finishRun.run({ id, now: stamp(), ...summary, error: summary.error ?? null });
    }),
    listRuns: guard((limit: number = 10) => s().listRuns.all(limit).map(toSyncRun)),
    upsertDisbursements: guard((ds: readonly Disbursement[]) => db.transaction(() => ds.map(upsertDisbursement))()),
    listDisbursements: guard((filter: Parameters<Store['listDisbursements']>[0] = {}) =>
      s().listDisbursements.all({
        since: timeParam(filter.since, 'since'),
        until: timeParam(filter.until, 'until'),
        settlementId: filter.settlementId ?? null,
      }).map(toDisbursement)),
    getImport: guard((reportId: string) => rows.getImport(reportId)),
    listImports: guard(() => rows.listImports()),
    replaceReportRows: <T>(report: ReportRef, fill: (writer: RowWriter) => Promise<T>) => guard(() => rows.replaceReportRows(report, fill))(),
    listSettlements: guard((filter: Parameters<Store['listSettlements']>[0] = {}) => rows.listSettlements(filter)),
    settlementRowCounts: guard(() => rows.settlementRowCounts()),
    reportWarnings: guard((reportId: string, limit: number) => rows.reportWarnings(reportId, limit)),
    // Not serialised: a generator that held the queue would deadlock a caller that writes while it reads.
    settlementRows: (filter = {}) => rows.settlementRows(filter, location),
    settlementRowCells: (filter = {}) => rows.settlementRowCells(filter, location),
    settlementRowTexts: (filter = {}) => rows.settlementRowTexts(filter, location),
    listBackfillRequests: guard(() => backfill.list()),
    recordBackfillRequest: guard((request: Parameters<Store['recordBackfillRequest']>[0]) => backfill.record(request)),
    setBackfillState: guard((key: Parameters<Store['setBackfillState']>[0], state: Parameters<Store['setBackfillState']>[1], error?: string) =>
      backfill.setState(key, state, error)),
    checkIntegrity: guard(() => {
      const lines = db.pragma('integrity_check') as Array<{ integrity_check: string }>;
      const detail = lines.map((l) => l.integrity_check).slice(0, 5).join('; ');
      const schemaVersion = Number(db.pragma('user_version', { simple: true }));
      return { ok: detail === 'ok' && schemaVersion === MIGRATIONS.length, detail, schemaVersion, knownSchemaVersion: MIGRATIONS.length };
    }),
    close: async () => {
      await serial(() => Promise.resolve());
      if (db.open) db.close();
    },
  };
}

/** Runs async jobs strictly one after another, in call order. */
function serialiser(): <T>(job: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(job: () => Promise<T>): Promise<T> => {
    const result = tail.then(job, job);
    tail = result.catch(() => undefined);
    return result;
  };
}

type Statements = ReturnType<typeof prepare>;

/** Prepared once, on first use (on a read-only connection the writes prepare, and fail when run). */
function statements(db: Database): () => Statements {
  let prepared: Statements | undefined;
  return () => (prepared ??= prepare(db));
}

function prepare(db: Database) {
  // Array filters go in as one JSON parameter, so the SQL text never depends on the input.
  return {
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
      AND (@settlementId IS NULL OR settlement_id = @settlementId)
      ORDER BY transaction_time, amazon_disbursement_reference_id`),
  };
}
