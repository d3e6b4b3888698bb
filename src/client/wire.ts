import { normalizeApiTime } from '../dates.js';
import { ApiError } from '../errors.js';
import type { Disbursement, Page, Report, ReportDocument, ReportSchedule } from './types.js';

/**
 * Response bodies are validated once here and mapped to domain types (aesthetics.md convention 8):
 * times normalised to `2026-11-18T15:06:30Z` whatever form arrived, amounts kept as decimal
 * strings, `null`/absent optional fields left absent, unknown extra fields ignored.
 */

/** Where a response came from, for the error a malformed body raises. */
export interface WireContext {
  operation: string;
  status: number;
  requestId?: string | undefined;
}

type Json = Record<string, unknown>;

class Reader {
  constructor(
    private readonly ctx: WireContext,
    private readonly obj: Json,
    private readonly where: string,
  ) {}

  fail(message: string): never {
    throw new ApiError(`malformed response: ${message}`, { ...this.ctx, reasonCode: 'MalformedResponse' });
  }

  string(name: string): string {
    const v = this.obj[name];
    if (typeof v !== 'string' || v === '') this.fail(`${this.where}.${name} should be a non-empty string, got ${describe(v)}`);
    return v;
  }

  optionalString(name: string): string | undefined {
    const v = this.obj[name];
    if (v === undefined || v === null) return undefined;
    if (typeof v !== 'string') this.fail(`${this.where}.${name} should be a string, got ${describe(v)}`);
    return v;
  }

  time(name: string): string {
    return this.checkedTime(name, this.string(name));
  }

  optionalTime(name: string): string | undefined {
    const v = this.optionalString(name);
    return v === undefined || v === '' ? undefined : this.checkedTime(name, v);
  }

  /** Decimal amount; a JSON number is accepted by its shortest text (Amazon documents strings). */
  amount(name: string): string {
    const v = this.obj[name];
    if (typeof v === 'number' && Number.isFinite(v)) {
      // Only what a double carries exactly (15 significant digits) and prints without an exponent.
      const text = String(v);
      if (/^-?\d+(\.\d+)?$/.test(text) && text.replace(/^-?0*|\./g, '').replace(/^0+/, '').length <= 15) return text;
      this.fail(`${this.where}.${name} should be a decimal string, got the number ${text}, which may have lost digits`);
    }
    if (typeof v !== 'string' || !/^-?\d+(\.\d+)?$/.test(v.trim())) this.fail(`${this.where}.${name} should be a decimal string, got ${describe(v)}`);
    return v.trim();
  }

  private checkedTime(name: string, v: string): string {
    const t = normalizeApiTime(v);
    if (t === v && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(v)) this.fail(`${this.where}.${name} is not a date-time: ${JSON.stringify(v.slice(0, 40))}`);
    return t;
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return typeof v === 'string' ? JSON.stringify(v.slice(0, 40)) : typeof v;
}

function object(ctx: WireContext, body: unknown, where: string): Json {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    new Reader(ctx, {}, where).fail(`${where} should be a JSON object, got ${describe(body)}`);
  return body as Json;
}

function array(ctx: WireContext, obj: Json, name: string, where: string): unknown[] {
  const v = obj[name];
  if (v === undefined || v === null) return [];
  if (!Array.isArray(v)) new Reader(ctx, obj, where).fail(`${where}.${name} should be an array, got ${describe(v)}`);
  return v as unknown[];
}

function nextToken(ctx: WireContext, obj: Json): string | undefined {
  const t = new Reader(ctx, obj, 'body').optionalString('nextToken');
  return t === '' ? undefined : t;
}

function withOptional<T extends object>(base: T, extra: Record<string, string | undefined>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(extra)) if (v !== undefined) out[k] = v;
  return out as T;
}

/** A Report object (api.md §4.1). */
export function toReport(ctx: WireContext, body: unknown, where = 'report'): Report {
  const r = new Reader(ctx, object(ctx, body, where), where);
  return withOptional<Report>(
    { reportId: r.string('reportId'), reportType: r.string('reportType'), processingStatus: r.string('processingStatus'), createdTime: r.time('createdTime') },
    {
      startTime: r.optionalTime('startTime'),
      endTime: r.optionalTime('endTime'),
      processingStartTime: r.optionalTime('processingStartTime'),
      processingEndTime: r.optionalTime('processingEndTime'),
      reportDocumentId: r.optionalString('reportDocumentId') || undefined,
    },
  );
}

/** A Get Reports page: `{reports, nextToken?}`. */
export function toReportsPage(ctx: WireContext, body: unknown): Page<Report> {
  const obj = object(ctx, body, 'body');
  const items = array(ctx, obj, 'reports', 'body').map((r, i) => toReport(ctx, r, `reports[${i}]`));
  const token = nextToken(ctx, obj);
  return token === undefined ? { items } : { items, nextToken: token };
}

/** A ReportDocument (api.md §3.4); `url` is a 30-second credential. */
export function toReportDocument(ctx: WireContext, body: unknown): ReportDocument {
  const r = new Reader(ctx, object(ctx, body, 'body'), 'body');
  const url = r.string('url');
  if (!/^https?:\/\//i.test(url)) r.fail('body.url is not an http(s) URL');
  return withOptional<ReportDocument>({ reportDocumentId: r.string('reportDocumentId'), url }, { compressionAlgorithm: r.optionalString('compressionAlgorithm') });
}

/** A ReportSchedule (api.md §4.3). */
export function toReportSchedule(ctx: WireContext, body: unknown, where = 'schedule'): ReportSchedule {
  const r = new Reader(ctx, object(ctx, body, where), where);
  return withOptional<ReportSchedule>(
    { reportScheduleId: r.string('reportScheduleId'), reportType: r.string('reportType'), scheduleFrequency: r.string('scheduleFrequency') },
    { nextReportCreationTime: r.optionalTime('nextReportCreationTime') },
  );
}

/** Get Report Schedules: `{reportSchedules: [...]}`. */
export function toReportSchedules(ctx: WireContext, body: unknown): ReportSchedule[] {
  return array(ctx, object(ctx, body, 'body'), 'reportSchedules', 'body').map((s, i) => toReportSchedule(ctx, s, `reportSchedules[${i}]`));
}

/** Get Report Schedule By Id: flat, though the docs show it wrapped like the list (api.md §3.6); accept both. */
export function toReportScheduleById(ctx: WireContext, body: unknown): ReportSchedule {
  const obj = object(ctx, body, 'body');
  const wrapped = obj.reportSchedules;
  if (obj.reportScheduleId === undefined && Array.isArray(wrapped) && wrapped.length === 1) return toReportSchedule(ctx, wrapped[0], 'reportSchedules[0]');
  return toReportSchedule(ctx, obj, 'body');
}

/** A Disbursement (api.md §4.4). */
export function toDisbursement(ctx: WireContext, body: unknown, where = 'disbursement'): Disbursement {
  const r = new Reader(ctx, object(ctx, body, where), where);
  return withOptional<Disbursement>(
    {
      settlementId: r.string('settlementId'),
      amazonDisbursementReferenceId: r.string('amazonDisbursementReferenceId'),
      amount: r.amount('amount'),
      currencyCode: r.string('currencyCode'),
      transactionTime: r.time('transactionTime'),
    },
    { sellerId: r.optionalString('sellerId') },
  );
}

/** A Get Disbursements page: `{disbursements, nextToken?}`. */
export function toDisbursementsPage(ctx: WireContext, body: unknown): Page<Disbursement> {
  const obj = object(ctx, body, 'body');
  const items = array(ctx, obj, 'disbursements', 'body').map((d, i) => toDisbursement(ctx, d, `disbursements[${i}]`));
  const token = nextToken(ctx, obj);
  return token === undefined ? { items } : { items, nextToken: token };
}

/** Create Report's 201 body: `{reportId}`. */
export function toCreateReportResult(ctx: WireContext, body: unknown): { reportId: string } {
  return { reportId: new Reader(ctx, object(ctx, body, 'body'), 'body').string('reportId') };
}

/** Create Report Schedule's 201 body: `{reportScheduleId}`. */
export function toCreateReportScheduleResult(ctx: WireContext, body: unknown): { reportScheduleId: string } {
  return { reportScheduleId: new Reader(ctx, object(ctx, body, 'body'), 'body').string('reportScheduleId') };
}
