import { formatCompact } from '../dates.js';
import { PROCESSING_STATUSES, REPORT_TYPES } from '../report-types.js';
import {
  decodeToken, encodeToken, fail, isPageSize, isResult, pageSizeParam, param, presentParams, timeParam, unknownParams,
  type ApiContext, type ApiResult,
} from './api-context.js';
import { isVisible, RETENTION_MS, statusAt, type Environment, type ReportRecord } from './state.js';

const ALL_TYPES = new Set<string>(Object.values(REPORT_TYPES));
const LIST_PARAMS = ['reportTypes', 'processingStatuses', 'createdSince', 'createdUntil', 'pageSize', 'nextToken'];

interface ListToken {
  p: string;
  e: Environment;
  t?: string[];
  s?: string[];
  a: number;
  b: number;
  n: number;
  c: [number, string];
}

// The same few hundred instants are formatted on every list request; remembering them halves the
// cost of a Get Reports page (bench/emulator.bench.js).
const compactCache = new Map<number, string>();
function compact(ms: number): string {
  let text = compactCache.get(ms);
  if (text === undefined) {
    if (compactCache.size > 100_000) compactCache.clear();
    text = formatCompact(new Date(ms));
    compactCache.set(ms, text);
  }
  return text;
}

/** The Report object as the API shows it at `nowMs` (compact times; absent fields omitted). */
export function reportView(r: ReportRecord, nowMs: number): Record<string, string | undefined> {
  const status = statusAt(r, nowMs);
  const done = status !== 'IN_PROGRESS';
  return {
    createdTime: compact(r.createdMs),
    endTime: compact(r.endMs),
    processingEndTime: done ? compact(r.createdMs + r.processingMs) : undefined,
    processingStartTime: compact(r.createdMs),
    processingStatus: status,
    reportDocumentId: done ? r.reportDocumentId : undefined,
    reportId: r.reportId,
    reportType: r.reportType,
    startTime: compact(r.startMs),
  };
}

/** GET /reports: filters, defaults (createdSince now−90 d, pageSize 10), nextToken as the sole parameter. */
export function getReports(ctx: ApiContext): ApiResult {
  const bad = unknownParams(ctx.query, LIST_PARAMS);
  if (bad) return bad;
  const tokenText = param(ctx.query, 'nextToken');
  let list: ListToken;
  if (tokenText !== undefined) {
    const others = presentParams(ctx.query).filter((k) => k !== 'nextToken');
    if (others.length > 0)
      return fail(400, 'InvalidParameterCombination', `nextToken must be the only parameter; remove ${others.join(', ')}`);
    const token = decodeToken<ListToken>(tokenText);
    if (!token || token.p !== ctx.publicKeyId || token.e !== ctx.environment || !Array.isArray(token.c) || !isPageSize(token.n))
      return fail(400, 'InvalidParameterValue', 'The value provided for nextToken is invalid');
    list = token;
  } else {
    const types = splitList(param(ctx.query, 'reportTypes'));
    const unknownType = types?.find((t) => !ALL_TYPES.has(t));
    if (unknownType !== undefined) return fail(400, 'InvalidParameterValue', `The value provided for reportTypes is invalid: ${unknownType}`);
    const statuses = splitList(param(ctx.query, 'processingStatuses'));
    const unknownStatus = statuses?.find((s) => !(PROCESSING_STATUSES as readonly string[]).includes(s));
    if (unknownStatus !== undefined) return fail(400, 'InvalidParameterValue', `The value provided for processingStatuses is invalid: ${unknownStatus}`);
    const since = timeParam(param(ctx.query, 'createdSince'), 'createdSince');
    const until = timeParam(param(ctx.query, 'createdUntil'), 'createdUntil');
    const pageSize = pageSizeParam(param(ctx.query, 'pageSize'));
    if (isResult(since)) return since;
    if (isResult(until)) return until;
    if (isResult(pageSize)) return pageSize;
    const a = since ?? ctx.nowMs - RETENTION_MS;
    const b = until ?? ctx.nowMs;
    if (a > b) return fail(400, 'InvalidParameterValue', 'createdSince must not be after createdUntil');
    list = { p: ctx.publicKeyId, e: ctx.environment, a, b, n: pageSize, c: [-Infinity, ''] };
    if (types) list.t = types;
    if (statuses) list.s = statuses;
  }
  const [afterMs, afterId] = list.c;
  const page: ReportRecord[] = [];
  let more = false;
  for (const r of ctx.state.sortedReports(ctx.publicKeyId, ctx.environment)) {
    if (r.createdMs < list.a || r.createdMs > list.b || !isVisible(r, ctx.nowMs)) continue;
    if (r.createdMs < (afterMs ?? -Infinity) || (r.createdMs === afterMs && r.reportId <= afterId)) continue;
    if (list.t && !list.t.includes(r.reportType)) continue;
    if (list.s && !list.s.includes(statusAt(r, ctx.nowMs))) continue;
    if (page.length === list.n) {
      more = true;
      break;
    }
    page.push(r);
  }
  const last = page[page.length - 1];
  const body: Record<string, unknown> = { reports: page.map((r) => reportView(r, ctx.nowMs)) };
  if (more && last) body.nextToken = encodeToken({ ...list, c: [last.createdMs, last.reportId] });
  return { status: 200, body };
}

/** GET /reports/{id}: flat Report, 404 when unknown, another merchant's, or past retention. */
export function getReportById(ctx: ApiContext): ApiResult {
  const r = findReport(ctx, ctx.id ?? '');
  return r ? { status: 200, body: reportView(r, ctx.nowMs) } : notFound('report', ctx.id);
}

/** POST /reports: 201 `{reportId}`; enforces the report-type and environment rules of api.md §3.3. */
export function createReport(ctx: ApiContext): ApiResult {
  const body = ctx.body ?? {};
  const extra = Object.keys(body).find((k) => !['reportType', 'startTime', 'endTime'].includes(k));
  if (extra !== undefined) return fail(400, 'UnrecognizedField', `The field ${extra} is not recognised`);
  const typeError = checkType(body.reportType, ctx.environment, 'create');
  if (typeError) return typeError;
  if (body.startTime === undefined || body.endTime === undefined)
    return fail(400, 'MissingParameterValue', `The mandatory field ${body.startTime === undefined ? 'startTime' : 'endTime'} is missing`);
  const start = timeParam(body.startTime, 'startTime');
  const end = timeParam(body.endTime, 'endTime');
  if (isResult(start)) return start;
  if (isResult(end)) return end;
  if (start === undefined || end === undefined || start >= end) return fail(400, 'InvalidParameterValue', 'startTime must be before endTime');
  const report = ctx.state.createReport(ctx.publicKeyId, ctx.environment, body.reportType as string, start, end, ctx.nowMs);
  return { status: 201, body: { reportId: report.reportId } };
}

/** GET /report-documents/{id}: `{compressionAlgorithm:"N/A", reportDocumentId, url}`. */
export function getReportDocument(ctx: ApiContext): ApiResult {
  const doc = ctx.state.documents.get(ctx.id ?? '');
  const report = doc && findReport(ctx, doc.reportId);
  if (!doc || !report || statusAt(report, ctx.nowMs) !== 'COMPLETED') return notFound('report document', ctx.id);
  return { status: 200, body: { compressionAlgorithm: 'N/A', reportDocumentId: doc.reportDocumentId, url: ctx.documentUrl(doc.reportDocumentId) } };
}

/**
 * Report-type rules shared with schedules: settlement is Amazon's to create, capture is not
 * offered by the API, multi-currency cannot be scheduled, and sandbox has only the sandbox
 * settlement report while live refuses it (api.md §3.3, §3.7).
 */
export function checkType(value: unknown, environment: Environment, action: 'create' | 'schedule'): ApiResult | undefined {
  if (value === undefined || value === null || value === '') return fail(400, 'MissingParameterValue', 'The mandatory field reportType is missing');
  if (typeof value !== 'string' || !ALL_TYPES.has(value)) return fail(400, 'InvalidParameterValue', `The value provided for reportType is invalid: ${JSON.stringify(value)}`);
  if (value === REPORT_TYPES.settlement)
    return fail(400, 'InvalidParameterValue', `${value} is created automatically for each settlement; it cannot be ${action === 'create' ? 'requested' : 'scheduled'}`);
  if (value === REPORT_TYPES.capture) return fail(400, 'InvalidParameterValue', `${value} is not available through the API`);
  if (action === 'schedule' && value === REPORT_TYPES['multi-currency']) return fail(400, 'InvalidParameterValue', `${value} can be requested but not scheduled`);
  const sandboxType = value === REPORT_TYPES['sandbox-settlement'];
  if (environment === 'sandbox' && !sandboxType) return fail(400, 'InvalidParameterValue', `Only ${REPORT_TYPES['sandbox-settlement']} is available in sandbox`);
  if (environment === 'live' && sandboxType) return fail(400, 'InvalidParameterValue', `${value} is only available in sandbox`);
  return undefined;
}

function findReport(ctx: ApiContext, reportId: string): ReportRecord | undefined {
  const r = ctx.state.report(reportId);
  return r && r.publicKeyId === ctx.publicKeyId && r.environment === ctx.environment && isVisible(r, ctx.nowMs) ? r : undefined;
}

/** 404 ResourceNotFound for an unknown, foreign or expired id. */
export function notFound(what: string, id: string | undefined): ApiResult {
  return fail(404, 'ResourceNotFound', `The ${what} ${id ?? ''} does not exist or is past its retention period`);
}

function splitList(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  return items.length === 0 ? undefined : items;
}
