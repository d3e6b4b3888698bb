import type { Database } from 'better-sqlite3';
import {
  backfillKeyParams, backfillStateParams, newBackfillParams, toBackfillRequest, unknownBackfillRequest, type BackfillRequestRow,
} from '../backfill-request-row.js';
import type { BackfillKey, BackfillRequest, BackfillState, NewBackfillRequest } from '../stored-report.js';

/** The backfill's requests on one SQLite connection (migration 004). */
export function createSqliteBackfill(db: Database, stamp: () => string) {
  let s: ReturnType<typeof prepare> | undefined;
  const st = () => (s ??= prepare(db));
  return {
    list(): BackfillRequest[] {
      return st().list.all().map(toBackfillRequest);
    },
    record(request: NewBackfillRequest): void {
      st().record.run({ ...newBackfillParams(request), now: stamp() });
    },
    setState(key: BackfillKey, state: BackfillState, error?: string): void {
      const result = st().setState.run({ ...backfillKeyParams(key), ...backfillStateParams(state, error), now: stamp() });
      if (result.changes === 0) throw unknownBackfillRequest(key);
    },
  };
}

function prepare(db: Database) {
  return {
    list: db.prepare<[], BackfillRequestRow>('SELECT * FROM backfill_requests ORDER BY start_time, report_type, end_time'),
    // A new attempt (or another report id) starts over; the same one again changes nothing but the time; an older never wins.
    record: db.prepare(`INSERT INTO backfill_requests (report_type, start_time, end_time, attempt, report_id, state, requested_at, updated_at)
      VALUES (@reportType, @startTime, @endTime, @attempt, @reportId, 'requested', @now, @now)
      ON CONFLICT (report_type, start_time, end_time) DO UPDATE SET
        requested_at = CASE WHEN excluded.attempt = attempt AND excluded.report_id = report_id THEN requested_at ELSE excluded.requested_at END,
        state = CASE WHEN excluded.attempt = attempt AND excluded.report_id = report_id THEN state ELSE 'requested' END,
        error = CASE WHEN excluded.attempt = attempt AND excluded.report_id = report_id THEN error ELSE NULL END,
        attempt = excluded.attempt, report_id = excluded.report_id, updated_at = excluded.updated_at
      WHERE excluded.attempt >= attempt`),
    setState: db.prepare(`UPDATE backfill_requests SET state = @state, error = @error, updated_at = @now
      WHERE report_type = @reportType AND start_time = @startTime AND end_time = @endTime`),
  };
}
