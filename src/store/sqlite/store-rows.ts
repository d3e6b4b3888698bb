import type { Disbursement, Report } from '../../client/types.js';
import { formatIso, normalizeApiTime, parseTime } from '../../dates.js';
import { StoreError } from '../../errors.js';
import type { StoredReport, SyncRun } from '../stored-report.js';

// Rows as SQLite returns them, and the mapping to and from the domain types (snake_case ↔ camelCase, NULL ↔ absent).

/** A `reports` row. */
export interface ReportRow {
  report_id: string;
  report_type: string;
  processing_status: string;
  created_time: string;
  start_time: string | null;
  end_time: string | null;
  processing_start_time: string | null;
  processing_end_time: string | null;
  report_document_id: string | null;
  first_seen_at: string;
  updated_at: string;
  file_path: string | null;
  bytes: number | null;
  sha256: string | null;
  downloaded_at: string | null;
  attempts: number;
  last_error: string | null;
}

/** A `sync_runs` row. */
export interface RunRow {
  id: number;
  started_at: string;
  finished_at: string | null;
  status: string;
  listed: number;
  downloaded: number;
  skipped: number;
  failed: number;
  api_calls: number;
  error: string | null;
}

/** A `disbursements` row. */
export interface DisbursementRow {
  amazon_disbursement_reference_id: string;
  settlement_id: string;
  amount: string;
  currency_code: string;
  transaction_time: string;
  seller_id: string | null;
}

/** Named parameters for inserting or updating a listed report; API times normalised to ISO 8601 UTC. */
export function reportParams(r: Report, now: string) {
  const opt = (v: string | undefined): string | null => (v === undefined ? null : normalizeApiTime(v));
  return {
    reportId: r.reportId,
    reportType: r.reportType,
    processingStatus: r.processingStatus,
    createdTime: normalizeApiTime(r.createdTime),
    startTime: opt(r.startTime),
    endTime: opt(r.endTime),
    processingStartTime: opt(r.processingStartTime),
    processingEndTime: opt(r.processingEndTime),
    reportDocumentId: r.reportDocumentId ?? null,
    now,
  };
}

/** Whether a listing tells us something the row does not already say (absent fields say nothing). */
export function reportChanged(row: ReportRow, p: ReturnType<typeof reportParams>): boolean {
  const differs = (stored: string | null, given: string | null): boolean => given !== null && stored !== given;
  return row.report_type !== p.reportType || row.processing_status !== p.processingStatus
    || row.created_time !== p.createdTime || differs(row.start_time, p.startTime) || differs(row.end_time, p.endTime)
    || differs(row.processing_start_time, p.processingStartTime) || differs(row.processing_end_time, p.processingEndTime)
    || differs(row.report_document_id, p.reportDocumentId);
}

/** A filter bound as ISO 8601 UTC text, NULL when absent; StoreError when it is not a time. */
export function timeParam(value: Date | string | undefined, name: string): string | null {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : parseTime(value);
  if (!date || Number.isNaN(date.getTime())) throw new StoreError(`${name} is not a time: ${String(value)}`);
  return formatIso(date);
}

/** A `reports` row as a StoredReport. */
export function toStoredReport(row: ReportRow): StoredReport {
  const r: StoredReport = {
    reportId: row.report_id,
    reportType: row.report_type,
    processingStatus: row.processing_status,
    createdTime: row.created_time,
    firstSeenAt: row.first_seen_at,
    updatedAt: row.updated_at,
    attempts: row.attempts,
  };
  if (row.start_time !== null) r.startTime = row.start_time;
  if (row.end_time !== null) r.endTime = row.end_time;
  if (row.processing_start_time !== null) r.processingStartTime = row.processing_start_time;
  if (row.processing_end_time !== null) r.processingEndTime = row.processing_end_time;
  if (row.report_document_id !== null) r.reportDocumentId = row.report_document_id;
  if (row.file_path !== null) r.filePath = row.file_path;
  if (row.bytes !== null) r.bytes = row.bytes;
  if (row.sha256 !== null) r.sha256 = row.sha256;
  if (row.downloaded_at !== null) r.downloadedAt = row.downloaded_at;
  if (row.last_error !== null) r.lastError = row.last_error;
  return r;
}

/** A `sync_runs` row as a SyncRun. */
export function toSyncRun(row: RunRow): SyncRun {
  const run: SyncRun = {
    id: row.id,
    startedAt: row.started_at,
    status: row.status as SyncRun['status'],
    listed: row.listed,
    downloaded: row.downloaded,
    skipped: row.skipped,
    failed: row.failed,
    apiCalls: row.api_calls,
  };
  if (row.finished_at !== null) run.finishedAt = row.finished_at;
  if (row.error !== null) run.error = row.error;
  return run;
}

/** A `disbursements` row as a Disbursement. */
export function toDisbursement(row: DisbursementRow): Disbursement {
  const d: Disbursement = {
    settlementId: row.settlement_id,
    amazonDisbursementReferenceId: row.amazon_disbursement_reference_id,
    amount: row.amount,
    currencyCode: row.currency_code,
    transactionTime: row.transaction_time,
  };
  if (row.seller_id !== null) d.sellerId = row.seller_id;
  return d;
}
