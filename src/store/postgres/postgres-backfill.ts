import type { Pool } from 'pg';
import {
  backfillKeyParams, backfillStateParams, newBackfillParams, toBackfillRequest, unknownBackfillRequest, type BackfillRequestRow,
} from '../backfill-request-row.js';
import type { BackfillKey, BackfillRequest, BackfillState, NewBackfillRequest } from '../stored-report.js';

/** One merchant's backfill requests in PostgreSQL (schema step 4). */
export function createPostgresBackfill(pool: Pool, merchant: string, stamp: () => string) {
  return {
    async list(): Promise<BackfillRequest[]> {
      const r = await pool.query<BackfillRequestRow>(
        'SELECT * FROM backfill_requests WHERE merchant = $1 ORDER BY start_time, report_type, end_time', [merchant],
      );
      return r.rows.map(toBackfillRequest);
    },
    async record(request: NewBackfillRequest): Promise<void> {
      const p = newBackfillParams(request);
      // A new attempt (or another report id) starts over; the same one again changes nothing but the time; an older never wins.
      await pool.query(`INSERT INTO backfill_requests AS b (merchant, report_type, start_time, end_time, attempt, report_id, state, requested_at, updated_at)
        VALUES ($1, $2, $3, $4, $5, $6, 'requested', $7, $7)
        ON CONFLICT (merchant, report_type, start_time, end_time) DO UPDATE SET
          requested_at = CASE WHEN excluded.attempt = b.attempt AND excluded.report_id = b.report_id THEN b.requested_at ELSE excluded.requested_at END,
          state = CASE WHEN excluded.attempt = b.attempt AND excluded.report_id = b.report_id THEN b.state ELSE 'requested' END,
          error = CASE WHEN excluded.attempt = b.attempt AND excluded.report_id = b.report_id THEN b.error ELSE NULL END,
          attempt = excluded.attempt, report_id = excluded.report_id, updated_at = excluded.updated_at
        WHERE excluded.attempt >= b.attempt`,
      [merchant, p.reportType, p.startTime, p.endTime, p.attempt, p.reportId, stamp()]);
    },
    async setState(key: BackfillKey, state: BackfillState, error?: string): Promise<void> {
      const k = backfillKeyParams(key);
      const s = backfillStateParams(state, error);
      const r = await pool.query(`UPDATE backfill_requests SET state = $5, error = $6, updated_at = $7
        WHERE merchant = $1 AND report_type = $2 AND start_time = $3 AND end_time = $4`,
      [merchant, k.reportType, k.startTime, k.endTime, s.state, s.error, stamp()]);
      if (r.rowCount === 0) throw unknownBackfillRequest(key);
    },
  };
}
