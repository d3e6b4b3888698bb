import { formatCompact, parseTime } from '../dates.js';
import { ConfigError } from '../errors.js';
import { PROCESSING_STATUSES, REPORT_TYPES, toReportType } from '../report-types.js';
import type { QueryParams } from '../signing/canonical-query.js';
import type { CreateReportInput, CreateReportScheduleInput, ListDisbursementsQuery, ListReportsQuery } from './types.js';

// Everything here runs before any request: bad input is a ConfigError, never a 400 from Amazon.

/** A Date or any time `parseTime` accepts, as the compact form every official SDK sample sends. */
export function toWireTime(value: Date | string, name: string): string {
  const d = typeof value === 'string' ? parseTime(value) : value;
  if (!(d instanceof Date) || Number.isNaN(d.getTime()))
    throw new ConfigError(`${name} ${JSON.stringify(String(value).slice(0, 40))} is not a date: use ISO 8601 such as 2026-11-01, 2026-11-01T10:00:00Z or 20261101T100000Z`);
  return formatCompact(d);
}

/** A full report type for a full or short name; ConfigError listing the short names otherwise. */
export function toWireReportType(name: string): string {
  const t = typeof name === 'string' ? toReportType(name.trim()) : undefined;
  if (!t) throw new ConfigError(`unknown report type ${JSON.stringify(String(name).slice(0, 80))}: use one of ${Object.keys(REPORT_TYPES).join(', ')} (or the full _GET_…_ name)`);
  return t;
}

function reportTypes(list: readonly string[] | undefined): string | undefined {
  if (!list || list.length === 0) return undefined;
  return [...new Set(list.map(toWireReportType))].join(',');
}

function processingStatuses(list: readonly string[] | undefined): string | undefined {
  if (!list || list.length === 0) return undefined;
  return [...new Set(list.map((s) => {
    const up = String(s).trim().toUpperCase();
    if (!(PROCESSING_STATUSES as readonly string[]).includes(up)) throw new ConfigError(`unknown processing status ${JSON.stringify(String(s))}: use one of ${PROCESSING_STATUSES.join(', ')}`);
    return up;
  }))].join(',');
}

function pageSize(value: number | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < 1 || value > 100) throw new ConfigError(`page size ${String(value)} is out of range: use a whole number from 1 to 100`);
  return value;
}

function range(since: string | undefined, until: string | undefined, names: string): void {
  // Compact times compare correctly as strings.
  if (since !== undefined && until !== undefined && since > until) throw new ConfigError(`${names}: the start is after the end`);
}

/** Query parameters for Get Reports (api.md §3.1); lists are comma-separated as the API wants. */
export function reportsQuery(q: ListReportsQuery = {}): QueryParams {
  const createdSince = q.createdSince === undefined ? undefined : toWireTime(q.createdSince, 'createdSince');
  const createdUntil = q.createdUntil === undefined ? undefined : toWireTime(q.createdUntil, 'createdUntil');
  range(createdSince, createdUntil, 'createdSince/createdUntil');
  return { reportTypes: reportTypes(q.reportTypes), processingStatuses: processingStatuses(q.processingStatuses), createdSince, createdUntil, pageSize: pageSize(q.pageSize) };
}

/** Query parameters for Get Disbursements (api.md §3.9). */
export function disbursementsQuery(q: ListDisbursementsQuery = {}): QueryParams {
  const startTime = q.startTime === undefined ? undefined : toWireTime(q.startTime, 'startTime');
  const endTime = q.endTime === undefined ? undefined : toWireTime(q.endTime, 'endTime');
  range(startTime, endTime, 'startTime/endTime');
  return { startTime, endTime, pageSize: pageSize(q.pageSize) };
}

/** Query parameters for Get Report Schedules (api.md §3.5). */
export function schedulesQuery(q: { reportTypes?: readonly string[] } = {}): QueryParams {
  return { reportTypes: reportTypes(q.reportTypes) };
}

/** The Create Report body (api.md §3.3). */
export function createReportBody(input: CreateReportInput): Record<string, string> {
  if (typeof input !== 'object' || input === null) throw new ConfigError('createReport needs { reportType, startTime, endTime }');
  const startTime = toWireTime(input.startTime, 'startTime');
  const endTime = toWireTime(input.endTime, 'endTime');
  range(startTime, endTime, 'startTime/endTime');
  return { reportType: toWireReportType(input.reportType), startTime, endTime };
}

/** The Create Report Schedule body (api.md §3.7); the frequency must look like an ISO 8601 duration. */
export function createReportScheduleBody(input: CreateReportScheduleInput): Record<string, string | boolean> {
  if (typeof input !== 'object' || input === null) throw new ConfigError('createReportSchedule needs { reportType, scheduleFrequency }');
  const freq = String(input.scheduleFrequency ?? '').trim().toUpperCase();
  if (!/^P(?=\d|T\d)(\d+[YMWD])*(T(\d+[HMS])+)?$/.test(freq))
    throw new ConfigError(`schedule frequency ${JSON.stringify(String(input.scheduleFrequency ?? ''))} is not an ISO 8601 duration such as P1D, P7D or PT12H`);
  const body: Record<string, string | boolean> = { reportType: toWireReportType(input.reportType), scheduleFrequency: freq };
  if (input.nextReportCreationTime !== undefined) body.nextReportCreationTime = toWireTime(input.nextReportCreationTime, 'nextReportCreationTime');
  if (input.deleteExistingSchedule !== undefined) body.deleteExistingSchedule = Boolean(input.deleteExistingSchedule);
  return body;
}
