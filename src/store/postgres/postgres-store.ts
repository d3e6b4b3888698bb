import type { Pool, PoolClient } from 'pg';
import type { Disbursement, Report } from '../../client/types.js';
import { formatIso, normalizeApiTime } from '../../dates.js';
import { LockHeldError, StoreError } from '../../errors.js';
import { redact } from '../../redact.js';
import { reportChanged, reportParams, timeParam, toDisbursement, toStoredReport, toSyncRun, type DisbursementRow, type ReportRow, type RunRow } from '../sqlite/store-rows.js';
import type { Store } from '../store.js';
import { nextIdentity } from '../store-identity.js';
import type { ReportRef, RowWriter, StoreIdentity, UpsertOutcome } from '../stored-report.js';
import { createPostgresBackfill } from './postgres-backfill.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import { createPostgresRows } from './postgres-rows.js';
import { toPostgresError } from './to-postgres-error.js';

/** pg hands bigint columns back as strings; the ledger's counts and sizes fit a double exactly. */
const num = (v: unknown): number => Number(v);

/**
 * The Store on a PostgreSQL pool, for one merchant: every row it reads or writes carries
 * `merchant`, so many merchants share one database and never see each other's rows.
 */
export function createPostgresStore(pool: Pool, location: string, merchant: string, options: { now?: () => Date; readOnly?: boolean } = {}): Store {
  const now = options.now ?? (() => new Date());
  const stamp = (): string => formatIso(now());
  const readOnly = options.readOnly === true;
  const guard = <A extends unknown[], T>(fn: (...args: A) => Promise<T>) => async (...args: A): Promise<T> => {
    try {
      return await fn(...args);
    } catch (error) {
      throw toPostgresError(location, error);
    }
  };
  /** One transaction on one connection; rolled back when `fn` throws. */
  const inTransaction = async <T>(fn: (c: PoolClient) => Promise<T>): Promise<T> => {
    const c = await pool.connect();
    try {
      await c.query('BEGIN');
      const result = await fn(c);
      await c.query('COMMIT');
      return result;
    } catch (error) {
      await c.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      c.release();
    }
  };
  const rows = createPostgresRows(pool, merchant, stamp, inTransaction);
  const backfill = createPostgresBackfill(pool, merchant, stamp);

  const upsertReport = async (c: PoolClient, report: Report): Promise<UpsertOutcome> => {
    const p = reportParams(report, stamp());
    const found = await c.query<ReportRow>('SELECT * FROM reports WHERE merchant = $1 AND report_id = $2 FOR UPDATE', [merchant, p.reportId]);
    const row = found.rows[0];
    const values = [merchant, p.reportId, p.reportType, p.processingStatus, p.createdTime, p.startTime, p.endTime, p.processingStartTime, p.processingEndTime, p.reportDocumentId, p.now];
    if (!row) {
      await c.query(`INSERT INTO reports (merchant, report_id, report_type, processing_status, created_time, start_time, end_time,
        processing_start_time, processing_end_time, report_document_id, first_seen_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`, values);
      return 'new';
    }
    if (!reportChanged(asReportRow(row), p)) return 'unchanged';
    // COALESCE: a listing that omits a field does not erase what an earlier one told us.
    await c.query(`UPDATE reports SET report_type = $3, processing_status = $4, created_time = $5,
      start_time = COALESCE($6, start_time), end_time = COALESCE($7, end_time),
      processing_start_time = COALESCE($8, processing_start_time), processing_end_time = COALESCE($9, processing_end_time),
      report_document_id = COALESCE($10, report_document_id), updated_at = $11
      WHERE merchant = $1 AND report_id = $2`, values);
    return 'changed';
  };

  const upsertDisbursement = async (c: PoolClient, d: Disbursement): Promise<UpsertOutcome> => {
    const p = [merchant, d.amazonDisbursementReferenceId, d.settlementId, d.amount, d.currencyCode, normalizeApiTime(d.transactionTime), d.sellerId ?? null] as const;
    const found = await c.query<DisbursementRow>('SELECT * FROM disbursements WHERE merchant = $1 AND amazon_disbursement_reference_id = $2 FOR UPDATE', [merchant, p[1]]);
    const row = found.rows[0];
    const same = row && row.settlement_id === p[2] && row.amount === p[3] && row.currency_code === p[4] && row.transaction_time === p[5]
      && (p[6] === null || row.seller_id === p[6]);
    if (same) return 'unchanged';
    await c.query(`INSERT INTO disbursements (merchant, amazon_disbursement_reference_id, settlement_id, amount, currency_code, transaction_time, seller_id)
      VALUES ($1, $2, $3, $4, $5, $6, $7)
      ON CONFLICT (merchant, amazon_disbursement_reference_id) DO UPDATE SET settlement_id = excluded.settlement_id,
        amount = excluded.amount, currency_code = excluded.currency_code, transaction_time = excluded.transaction_time,
        seller_id = COALESCE(excluded.seller_id, disbursements.seller_id)`, [...p]);
    return row ? 'changed' : 'new';
  };

  const readIdentity = async (c: Pool | PoolClient = pool): Promise<StoreIdentity | undefined> => {
    const r = await c.query<{ value: string }>(`SELECT value FROM store_meta WHERE merchant = $1 AND key = 'identity'`, [merchant]);
    return r.rows[0] ? (JSON.parse(r.rows[0].value) as StoreIdentity) : undefined;
  };

  const lockKey = `amazon-pay-reports:sync:${merchant}`;

  return {
    location,
    readOnly,
    getIdentity: guard(() => readIdentity()),
    bindIdentity: guard((given: StoreIdentity) => inTransaction(async (c) => {
      // One binder at a time per merchant, so two first syncs cannot both record themselves.
      await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`amazon-pay-reports:identity:${merchant}`]);
      const merged = nextIdentity(location, await readIdentity(c), given);
      if (!merged) return;
      await c.query(`INSERT INTO store_meta (merchant, key, value) VALUES ($1, 'identity', $2)
        ON CONFLICT (merchant, key) DO UPDATE SET value = excluded.value`, [merchant, JSON.stringify(merged)]);
    })),
    // A session-level advisory lock on a connection held for the run: the server frees it if this process dies.
    acquireSyncLock: guard(async () => {
      const c = await pool.connect();
      try {
        const got = await c.query<{ ok: boolean }>('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [lockKey]);
        if (!got.rows[0]?.ok) {
          throw new LockHeldError(`another sync holds merchant ${merchant} in ${location}; wait for it to finish (the lock is released when that process ends)`);
        }
      } catch (error) {
        c.release();
        throw error;
      }
      let released = false;
      return {
        release: async () => {
          if (released) return;
          released = true;
          try {
            await c.query('SELECT pg_advisory_unlock(hashtext($1))', [lockKey]);
            c.release();
          } catch {
            c.release(true);
          }
        },
      };
    }),
    upsertListedReports: guard((reports: readonly Report[]) => inTransaction(async (c) => {
      const out: UpsertOutcome[] = [];
      for (const r of reports) out.push(await upsertReport(c, r));
      return out;
    })),
    getReport: guard(async (reportId: string) => {
      const r = await pool.query<ReportRow>('SELECT * FROM reports WHERE merchant = $1 AND report_id = $2', [merchant, reportId]);
      return r.rows[0] ? toStoredReport(asReportRow(r.rows[0])) : undefined;
    }),
    listReports: guard(async (filter: Parameters<Store['listReports']>[0] = {}) => {
      const r = await pool.query<ReportRow>(`SELECT * FROM reports WHERE merchant = $1
        AND ($2::text[] IS NULL OR report_type = ANY($2)) AND ($3::text[] IS NULL OR processing_status = ANY($3))
        AND ($4::text IS NULL OR created_time >= $4) AND ($5::text IS NULL OR created_time < $5)
        AND ($6::boolean IS NULL OR (file_path IS NOT NULL) = $6)
        ORDER BY created_time, report_id`, [
        merchant, filter.reportTypes ? [...filter.reportTypes] : null, filter.processingStatuses ? [...filter.processingStatuses] : null,
        timeParam(filter.createdSince, 'createdSince'), timeParam(filter.createdUntil, 'createdUntil'), filter.downloaded ?? null,
      ]);
      return r.rows.map((row) => toStoredReport(asReportRow(row)));
    }),
    recordDownload: guard(async (reportId: string, file: { path: string; bytes: number; sha256: string }) => {
      const r = await pool.query(`UPDATE reports SET file_path = $3, bytes = $4, sha256 = $5, downloaded_at = $6, last_error = NULL, updated_at = $6
        WHERE merchant = $1 AND report_id = $2`, [merchant, reportId, file.path, file.bytes, file.sha256, stamp()]);
      if (r.rowCount === 0) throw new StoreError(`report ${reportId} is not in the store; record its listing before its download`);
    }),
    recordFailure: guard(async (reportId: string, message: string) => {
      await pool.query('UPDATE reports SET attempts = attempts + 1, last_error = $3, updated_at = $4 WHERE merchant = $1 AND report_id = $2',
        [merchant, reportId, redact(message), stamp()]);
    }),
    reportsNeedingWork: guard(async () => {
      const r = await pool.query<ReportRow>(`SELECT * FROM reports WHERE merchant = $1 AND ((processing_status = 'COMPLETED' AND file_path IS NULL)
        OR processing_status NOT IN ('COMPLETED', 'FAILED', 'CANCELLED')) ORDER BY created_time, report_id`, [merchant]);
      return r.rows.map((row) => toStoredReport(asReportRow(row)));
    }),
    getCheckpoint: guard(async (name: string) => {
      const r = await pool.query<{ value: string }>('SELECT value FROM checkpoint WHERE merchant = $1 AND name = $2', [merchant, name]);
      return r.rows[0]?.value;
    }),
    setCheckpoint: guard(async (name: string, value: string) => {
      await pool.query(`INSERT INTO checkpoint (merchant, name, value) VALUES ($1, $2, $3)
        ON CONFLICT (merchant, name) DO UPDATE SET value = excluded.value`, [merchant, name, value]);
    }),
    startRun: guard(() => inTransaction(async (c) => {
      // Called under the sync lock: any run still 'running' belongs to a process that died (kill -9).
      await c.query(`UPDATE sync_runs SET status = 'interrupted', finished_at = $2,
        error = 'the process ended before the run finished (killed or crashed)' WHERE merchant = $1 AND status = 'running'`, [merchant, stamp()]);
      const r = await c.query<{ id: string }>(`INSERT INTO sync_runs (merchant, started_at, status) VALUES ($1, $2, 'running') RETURNING id`, [merchant, stamp()]);
      return num(r.rows[0]?.id);
    })),
    finishRun: guard(async (id: number, s: Parameters<Store['finishRun']>[1]) => {
      await pool.query(`UPDATE sync_runs SET finished_at = $3, status = $4, listed = $5, downloaded = $6, skipped = $7, failed = $8,
        api_calls = $9, error = $10 WHERE merchant = $1 AND id = $2`,
      [merchant, id, stamp(), s.status, s.listed, s.downloaded, s.skipped, s.failed, s.apiCalls, s.error ?? null]);
    }),
    listRuns: guard(async (limit: number = 10) => {
      const r = await pool.query<RunRow>('SELECT * FROM sync_runs WHERE merchant = $1 ORDER BY id DESC LIMIT $2', [merchant, Math.max(0, Math.trunc(limit))]);
      return r.rows.map((row) => toSyncRun({ ...row, id: num(row.id) }));
    }),
    upsertDisbursements: guard((ds: readonly Disbursement[]) => inTransaction(async (c) => {
      const out: UpsertOutcome[] = [];
      for (const d of ds) out.push(await upsertDisbursement(c, d));
      return out;
    })),
    listDisbursements: guard(async (filter: Parameters<Store['listDisbursements']>[0] = {}) => {
      const r = await pool.query<DisbursementRow>(`SELECT * FROM disbursements WHERE merchant = $1
        AND ($2::text IS NULL OR transaction_time >= $2) AND ($3::text IS NULL OR transaction_time < $3)
        AND ($4::text IS NULL OR settlement_id = $4)
        ORDER BY transaction_time, amazon_disbursement_reference_id`,
      [merchant, timeParam(filter.since, 'since'), timeParam(filter.until, 'until'), filter.settlementId ?? null]);
      return r.rows.map(toDisbursement);
    }),
    getImport: guard((reportId: string) => rows.getImport(reportId)),
    listImports: guard(() => rows.listImports()),
    replaceReportRows: <T>(report: ReportRef, fill: (writer: RowWriter) => Promise<T>) => guard(() => rows.replaceReportRows<T>(report, fill))(),
    listSettlements: guard((filter: Parameters<Store['listSettlements']>[0] = {}) => rows.listSettlements(filter)),
    settlementRowCounts: guard(() => rows.settlementRowCounts()),
    reportWarnings: guard((reportId: string, limit: number) => rows.reportWarnings(reportId, limit)),
    settlementRows: (filter = {}) => rows.settlementRows(filter, (error) => toPostgresError(location, error)),
    settlementRowCells: (filter = {}) => rows.settlementRowCells(filter, (error) => toPostgresError(location, error)),
    settlementRowTexts: (filter = {}) => rows.settlementRowTexts(filter, (error) => toPostgresError(location, error)),
    listBackfillRequests: guard(() => backfill.list()),
    recordBackfillRequest: guard((request: Parameters<Store['recordBackfillRequest']>[0]) => backfill.record(request)),
    setBackfillState: guard((key: Parameters<Store['setBackfillState']>[0], state: Parameters<Store['setBackfillState']>[1], error?: string) =>
      backfill.setState(key, state, error)),
    checkIntegrity: guard(async () => {
      const r = await pool.query<{ version: number }>('SELECT version FROM apr_schema');
      const schemaVersion = num(r.rows[0]?.version ?? 0);
      // PostgreSQL checks its own pages (checksums, WAL); what we check is that the schema is ours and current.
      return { ok: schemaVersion === POSTGRES_MIGRATIONS.length, detail: 'ok', schemaVersion, knownSchemaVersion: POSTGRES_MIGRATIONS.length };
    }),
    close: async () => {
      await pool.end().catch(() => undefined);
    },
  };
}

/** pg returns bigint `bytes` as text; the shared mapping wants a number. */
function asReportRow(row: ReportRow): ReportRow {
  return row.bytes === null ? row : { ...row, bytes: num(row.bytes) };
}
