import { formatCompact } from '../dates.js';
import { SCHEDULE_FREQUENCIES } from '../report-types.js';
import { fail, isResult, param, timeParam, unknownParams, type ApiContext, type ApiResult } from './api-context.js';
import { numericIdFor } from './ids.js';
import { checkType, notFound } from './report-handlers.js';
import type { ScheduleRecord } from './state.js';

/** Milliseconds of an ISO 8601 duration from SCHEDULE_FREQUENCIES (`PT5M`, `P1D`, `PT84H`…). */
export function frequencyMs(frequency: string): number | undefined {
  if (!(SCHEDULE_FREQUENCIES as readonly string[]).includes(frequency)) return undefined;
  const m = /^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?)?$/.exec(frequency);
  if (!m) return undefined;
  return ((Number(m[1] ?? 0) * 24 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 60_000;
}

function view(s: ScheduleRecord): Record<string, string> {
  return { nextReportCreationTime: formatCompact(new Date(s.nextMs)), reportScheduleId: s.reportScheduleId, reportType: s.reportType, scheduleFrequency: s.scheduleFrequency };
}

/** GET /report-schedules: `{reportSchedules:[…]}`, optionally filtered by reportTypes. */
export function getReportSchedules(ctx: ApiContext): ApiResult {
  const bad = unknownParams(ctx.query, ['reportTypes']);
  if (bad) return bad;
  const types = param(ctx.query, 'reportTypes')?.split(',').filter(Boolean);
  const schedules = [...ctx.state.scope(ctx.publicKeyId, ctx.environment).schedules.values()]
    .filter((s) => !types || types.includes(s.reportType))
    .sort((a, b) => (a.reportType < b.reportType ? -1 : 1));
  return { status: 200, body: { reportSchedules: schedules.map(view) } };
}

/** GET /report-schedules/{id}: the flat ReportSchedule (api.md §3.6). */
export function getReportScheduleById(ctx: ApiContext): ApiResult {
  const s = find(ctx);
  return s ? { status: 200, body: view(s) } : notFound('report schedule', ctx.id);
}

/** POST /report-schedules: one schedule per report type; `deleteExistingSchedule` from body or query. */
export function createReportSchedule(ctx: ApiContext): ApiResult {
  const bad = unknownParams(ctx.query, ['deleteExistingSchedule']);
  if (bad) return bad;
  const body = ctx.body ?? {};
  const extra = Object.keys(body).find((k) => !['reportType', 'scheduleFrequency', 'nextReportCreationTime', 'deleteExistingSchedule'].includes(k));
  if (extra !== undefined) return fail(400, 'UnrecognizedField', `The field ${extra} is not recognised`);
  const typeError = checkType(body.reportType, ctx.environment, 'schedule');
  if (typeError) return typeError;
  if (body.scheduleFrequency === undefined) return fail(400, 'MissingParameterValue', 'The mandatory field scheduleFrequency is missing');
  const periodMs = typeof body.scheduleFrequency === 'string' ? frequencyMs(body.scheduleFrequency) : undefined;
  if (periodMs === undefined) return fail(400, 'InvalidParameterValue', `The value provided for scheduleFrequency is invalid; use one of ${SCHEDULE_FREQUENCIES.join(', ')}`);
  const next = timeParam(body.nextReportCreationTime, 'nextReportCreationTime');
  if (isResult(next)) return next;
  const del = flag(body.deleteExistingSchedule ?? param(ctx.query, 'deleteExistingSchedule'));
  if (del === undefined) return fail(400, 'InvalidParameterValue', 'The value provided for deleteExistingSchedule is invalid; use true or false');

  const scope = ctx.state.scope(ctx.publicKeyId, ctx.environment);
  const reportType = body.reportType as string;
  if (scope.schedules.has(reportType) && !del)
    return fail(400, 'InvalidRequest', `A schedule for ${reportType} already exists; only one per report type is allowed (set deleteExistingSchedule to replace it)`);
  const reportScheduleId = numericIdFor(11, ctx.seed, ctx.publicKeyId, ctx.environment, 'schedule', scope.created++);
  scope.schedules.set(reportType, { reportScheduleId, reportType, scheduleFrequency: body.scheduleFrequency as string, periodMs, nextMs: next ?? ctx.nowMs + periodMs });
  return { status: 201, body: { reportScheduleId } };
}

/** DELETE /report-schedules/{id}: 200 `{}`. */
export function cancelReportSchedule(ctx: ApiContext): ApiResult {
  const s = find(ctx);
  if (!s) return notFound('report schedule', ctx.id);
  ctx.state.scope(ctx.publicKeyId, ctx.environment).schedules.delete(s.reportType);
  return { status: 200, body: {} };
}

function find(ctx: ApiContext): ScheduleRecord | undefined {
  return [...ctx.state.scope(ctx.publicKeyId, ctx.environment).schedules.values()].find((s) => s.reportScheduleId === ctx.id);
}

/** Boolean or "true"/"false" (Java's README sends a string); absent → false. */
function flag(value: unknown): boolean | undefined {
  if (value === undefined || value === false || value === 'false') return false;
  if (value === true || value === 'true') return true;
  return undefined;
}
