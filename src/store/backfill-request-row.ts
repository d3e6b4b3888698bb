import { formatIso, parseTime } from '../dates.js';
import { StoreError } from '../errors.js';
import { redact } from '../redact.js';
import type { BackfillKey, BackfillRequest, BackfillState, NewBackfillRequest } from './stored-report.js';

/** A `backfill_requests` row as both engines return it. */
export interface BackfillRequestRow {
  report_type: string;
  start_time: string;
  end_time: string;
  attempt: number;
  report_id: string;
  state: string;
  requested_at: string;
  updated_at: string;
  error: string | null;
}

const STATES: readonly BackfillState[] = ['requested', 'imported', 'cancelled', 'failed'];

/** The row as a BackfillRequest. */
export function toBackfillRequest(row: BackfillRequestRow): BackfillRequest {
  const r: BackfillRequest = {
    reportType: row.report_type, startTime: row.start_time, endTime: row.end_time, attempt: Number(row.attempt),
    reportId: row.report_id, state: row.state as BackfillState, requestedAt: row.requested_at, updatedAt: row.updated_at,
  };
  if (row.error !== null) r.error = row.error;
  return r;
}

/** The key with its times normalised to ISO 8601 UTC (so `20250101T000000Z` and `2025-01-01` name one range). */
export function backfillKeyParams(key: BackfillKey): BackfillKey {
  return { reportType: key.reportType, startTime: isoTime(key.startTime, 'startTime'), endTime: isoTime(key.endTime, 'endTime') };
}

/** A new request's parameters, checked: StoreError for an attempt below 1 or an empty report id. */
export function newBackfillParams(request: NewBackfillRequest): NewBackfillRequest {
  if (!Number.isInteger(request.attempt) || request.attempt < 1) throw new StoreError(`backfill attempt must be a whole number from 1, got ${String(request.attempt)}`);
  if (request.reportId === '') throw new StoreError('a backfill request needs the reportId Amazon returned');
  return { ...backfillKeyParams(request), attempt: request.attempt, reportId: request.reportId };
}

/** A state to store, checked, and the (redacted) error that goes with it. */
export function backfillStateParams(state: BackfillState, error: string | undefined): { state: BackfillState; error: string | null } {
  if (!STATES.includes(state)) throw new StoreError(`unknown backfill state ${JSON.stringify(state)}; use one of ${STATES.join(', ')}`);
  return { state, error: error === undefined ? null : redact(error) };
}

/** The refusal for a state change of a request nobody recorded. */
export function unknownBackfillRequest(key: BackfillKey): StoreError {
  return new StoreError(`no backfill request for ${key.reportType} ${key.startTime}..${key.endTime} is recorded; record it before changing its state`);
}

function isoTime(text: string, name: string): string {
  const d = parseTime(text);
  if (!d) throw new StoreError(`backfill ${name} is not a time: ${JSON.stringify(text)}`);
  return formatIso(d);
}
