import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { verifyRequest } from '../signing/verify-request.js';
import { fail, parseQuery, type ApiContext, type ApiResult } from './api-context.js';
import { getDisbursements } from './disbursement-handler.js';
import type { Fault } from './faults.js';
import { createReport, getReportById, getReportDocument, getReports } from './report-handlers.js';
import { sendJson } from './respond.js';
import type { Operation } from './routes.js';
import { cancelReportSchedule, createReportSchedule, getReportScheduleById, getReportSchedules } from './schedule-handlers.js';
import type { ServerContext } from './server-context.js';
import type { RequestLogEntry } from './types.js';

const HANDLERS: Record<Operation, (ctx: ApiContext) => ApiResult> = {
  getReports, getReportById, createReport, getReportDocument, getReportSchedules, getReportScheduleById,
  createReportSchedule, cancelReportSchedule, getDisbursements,
};
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{1,32}$/;

/** One API request as received: method, raw target split, body bytes, routing result. */
export interface ApiRequest {
  method: string;
  rawUrl: string;
  path: string;
  rawQuery: string;
  body: Buffer;
  route: { operation: Operation; environment: 'live' | 'sandbox' | undefined; id?: string };
  nowDate: Date;
}

/**
 * One API operation: fault draw, signature check, environment, throttle, body parsing,
 * idempotency, then the operation handler; the answer may be broken by a transport fault.
 */
export async function serveApi(server: ServerContext, req: IncomingMessage, res: ServerResponse, request: ApiRequest): Promise<void> {
  const { state, faults, throttle, urls, seed } = server;
  const { method, rawUrl, path, rawQuery, body, route, nowDate } = request;
  const nowMs = nowDate.getTime();
  const ttl = server.ttlSeconds;
  const operation = route.operation;
  const fault = faults.pick(operation, `${method} ${path}?${rawQuery}\n${createHash('sha256').update(body).digest('hex')}`);
  if (fault && typeof fault.kind === 'number') return statusFault(server, res, { method, path, operation }, fault);

  const verified = verifyRequest({ method, url: rawUrl, headers: req.headers, body }, { publicKeyFor: (id) => state.merchants.get(id)?.key, now: nowDate });
  const entry = { method, path, operation, ...(verified.ok || verified.publicKeyId ? { publicKeyId: verified.publicKeyId } : {}) } as RequestLogEntry;
  const answer = (result: ApiResult, extra: Record<string, string | number> = {}): Promise<void> => respond(server, res, entry, result, fault, extra);
  if (!verified.ok) return answer(fail(verified.status, verified.reasonCode, verified.message));

  const merchant = state.merchants.get(verified.publicKeyId)!;
  const environment = route.environment ?? merchant.keyEnvironment;
  if (!environment)
    return answer(fail(400, 'InvalidRequest', 'No environment: use /live/v2 or /sandbox/v2, or a public key id that starts with LIVE or SANDBOX'));
  if (route.environment && merchant.keyEnvironment && route.environment !== merchant.keyEnvironment)
    return answer(fail(400, 'InvalidRequest', `The path says ${route.environment} but the public key id is a ${merchant.keyEnvironment} key`));

  if (throttle) {
    const wait = throttle.take(`${verified.publicKeyId}|${operation}`, nowMs);
    if (wait > 0) return answer(fail(429, 'TooManyRequests', 'The request was throttled; retry later'), { 'retry-after': wait });
  }

  let parsed: Record<string, unknown> | undefined;
  if (method === 'POST') {
    const text = body.toString('utf8');
    try {
      const value: unknown = text.trim() === '' ? {} : JSON.parse(text);
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TypeError('not an object');
      parsed = value as Record<string, unknown>;
    } catch {
      return answer(fail(400, 'InvalidRequestFormat', 'The request body is not a valid JSON object'));
    }
  }

  const scope = state.scope(verified.publicKeyId, environment);
  const keyHeader = req.headers['x-amz-pay-idempotency-key'];
  const key = method === 'POST' && typeof keyHeader === 'string' ? keyHeader : undefined;
  // The query is part of the request (deleteExistingSchedule may arrive there): a changed one is a changed request.
  const fingerprint = createHash('sha256').update(`${method}\n${path}\n${rawQuery}\n`).update(body).digest('hex');
  if (key !== undefined) {
    if (!IDEMPOTENCY_KEY.test(key)) return answer(fail(400, 'InvalidHeaderValue', 'x-amz-pay-idempotency-key must be 1–32 characters of A-Z a-z 0-9 - _'));
    const stored = scope.idempotency.get(key);
    if (stored && stored.fingerprint !== fingerprint)
      return answer(fail(400, 'DuplicateIdempotencyKey', 'This idempotency key was already used for a different request'));
    if (stored) return answer({ status: stored.status, body: stored.body });
  }

  let result: ApiResult;
  try {
    result = HANDLERS[operation]({
      state, seed, publicKeyId: verified.publicKeyId, environment, nowMs, query: parseQuery(rawQuery), body: parsed, id: route.id,
      documentUrl: (docId) => urls.sign(server.baseUrlFor(req), docId, fault?.kind === 'expire' ? new Date(nowMs - (ttl + 1) * 1000) : nowDate, ttl),
    });
  } catch {
    result = fail(500, 'InternalServerError', 'The emulator failed to handle this request');
  }
  if (key !== undefined && result.status >= 200 && result.status < 300) scope.idempotency.set(key, { fingerprint, status: result.status, body: result.body });
  return answer(result);
}

async function respond(server: ServerContext, res: ServerResponse, entry: RequestLogEntry, result: ApiResult, fault: Fault | undefined, extra: Record<string, string | number>): Promise<void> {
  if (fault?.kind === 'slow') {
    await server.delay(fault.delayMs ?? 10_000);
    if (server.closing.aborted) return;
  }
  const transport = fault?.kind === 'reset' || fault?.kind === 'truncate' ? fault.kind : undefined;
  server.log({ ...entry, status: result.status, ...(fault && typeof fault.kind !== 'number' ? { fault: fault.kind } : {}) });
  sendJson(res, result.status, result.body, extra, transport);
}

function statusFault(server: ServerContext, res: ServerResponse, entry: Omit<RequestLogEntry, 'status'>, fault: Fault): void {
  const status = fault.kind as number;
  const codes: Record<number, string> = { 429: 'TooManyRequests', 500: 'InternalServerError', 503: 'ServiceUnavailable' };
  server.log({ ...entry, status, fault: String(status) });
  const extra: Record<string, string | number> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
  sendJson(res, status, { reasonCode: codes[status] ?? 'InternalServerError', message: `Injected fault: HTTP ${status}` }, extra);
}
