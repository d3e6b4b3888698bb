import { createHash, generateKeyPair } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { formatIso } from '../dates.js';
import { AmazonPayError } from '../errors.js';
import { loadPublicKey } from '../signing/keys.js';
import { verifyRequest } from '../signing/verify-request.js';
import { fail, parseQuery, type ApiContext, type ApiResult } from './api-context.js';
import { getDisbursements } from './disbursement-handler.js';
import { measureDocument, parseRange, streamDocument } from './document-bytes.js';
import { DocumentUrls } from './document-url.js';
import { FaultPlan, parseFaults, type Fault } from './faults.js';
import { alnumIdFor, requestIdFor } from './ids.js';
import { createReport, getReportById, getReportDocument, getReports, reportView } from './report-handlers.js';
import { sendJson, sendS3Error, send } from './respond.js';
import { matchRoute, type Operation } from './routes.js';
import { cancelReportSchedule, createReportSchedule, getReportScheduleById, getReportSchedules } from './schedule-handlers.js';
import { EmulatorState, isVisible, statusAt, type DocumentRecord, type Environment, type MerchantRecord } from './state.js';
import { Throttle } from './throttle.js';
import type { Emulator, EmulatorOptions, EmulatorReportView, RequestLogEntry } from './types.js';

const HANDLERS: Record<Operation, (ctx: ApiContext) => ApiResult> = {
  getReports, getReportById, createReport, getReportDocument, getReportSchedules, getReportScheduleById,
  createReportSchedule, cancelReportSchedule, getDisbursements,
};
const MAX_BODY = 1024 * 1024;
const IDEMPOTENCY_KEY = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * Starts the local Amazon Pay Reports API (api.md §12): a real HTTP(S) server on `host:port`
 * with signature verification, seeded settlement history, report lifecycle, schedules,
 * disbursements, expiring document URLs with Range, idempotency, throttling and faults.
 * Time comes only from `options.now`, so tests move it instead of sleeping.
 */
export async function createEmulator(options: EmulatorOptions = {}): Promise<Emulator> {
  const now = options.now ?? ((): Date => new Date());
  const seed = options.seed ?? 1;
  const ttl = options.urlTtlSeconds ?? 30;
  const latencyMs = options.latencyMs ?? 0;
  const merchants: MerchantRecord[] = [];
  let defaultMerchant: { publicKeyId: string; privateKeyPem: string } | undefined;
  if (options.merchants && options.merchants.length > 0) {
    for (const m of options.merchants) merchants.push(merchantRecord(m.publicKeyId, loadPublicKey(m.publicKey), m.sellerId));
  } else {
    const { publicKey, privateKey } = await promisify(generateKeyPair)('rsa', { modulusLength: 2048 });
    const publicKeyId = `EMU${alnumIdFor(21, 'default-key', seed)}`;
    defaultMerchant = { publicKeyId, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
    merchants.push(merchantRecord(publicKeyId, publicKey, undefined));
  }

  const state = new EmulatorState({
    seed, days: options.days ?? 90, reportDelayMs: options.reportDelayMs ?? 60_000,
    rowsPerSettlement: options.rowsPerSettlement, merchants, startMs: now().getTime(),
  });
  const faults = new FaultPlan(seed, parseFaults(options.faults));
  const throttle = options.throttle ? new Throttle(options.throttle.burst, options.throttle.ratePerSecond) : undefined;
  const urls = new DocumentUrls();
  const requests: RequestLogEntry[] = [];
  const closing = new AbortController();
  let requestCount = 0;
  let baseUrl = '';

  const delay = (ms: number): Promise<void> => new Promise((resolve) => {
    if (ms <= 0 || closing.signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done(): void {
      clearTimeout(timer);
      closing.signal.removeEventListener('abort', done);
      resolve();
    }
    closing.signal.addEventListener('abort', done);
  });

  const meta = (doc: DocumentRecord): Promise<{ sha256: string; bytes: number }> => (doc.meta ??= measureDocument(doc.source));

  function log(entry: RequestLogEntry): void {
    requests.push(entry);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = requestIdFor(seed, requestCount++);
    res.setHeader('x-amz-pay-request-id', requestId);
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    const nowDate = now();
    const nowMs = nowDate.getTime();
    state.advance(nowMs);
    await delay(latencyMs);
    if (closing.signal.aborted) return;

    const route = matchRoute(method, path);
    if (route.kind === 'not-found') {
      log({ method, path, operation: 'unknown', status: 404 });
      return sendJson(res, 404, { reasonCode: 'ResourceNotFound', message: `No operation at ${method} ${path}` });
    }
    if (route.kind === 'method-not-allowed') {
      log({ method, path, operation: 'unknown', status: 405 });
      return sendJson(res, 405, { reasonCode: 'UnsupportedOperation', message: `${method} is not allowed here; use ${route.allow.join(' or ')}` }, { allow: route.allow.join(', ') });
    }
    if (route.kind === 'download') return download(req, res, route.token, new URLSearchParams(rawQuery), nowDate, requestId, method === 'HEAD');
    if (body === undefined) {
      log({ method, path, operation: route.operation, status: 413 });
      return sendJson(res, 413, { reasonCode: 'InvalidRequest', message: 'The request body is too large' });
    }

    const operation = route.operation;
    const fault = faults.pick(operation, `${method} ${path}?${rawQuery}\n${createHash('sha256').update(body).digest('hex')}`);
    if (fault && typeof fault.kind === 'number') return statusFault(res, { method, path, operation }, fault);

    const verified = verifyRequest({ method, url: rawUrl, headers: req.headers, body }, { publicKeyFor: (id) => state.merchants.get(id)?.key, now: nowDate });
    const entry = { method, path, operation, ...(verified.ok || verified.publicKeyId ? { publicKeyId: verified.publicKeyId } : {}) } as RequestLogEntry;
    const answer = (result: ApiResult, extra: Record<string, string | number> = {}): Promise<void> => respond(res, entry, result, fault, extra);
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
    const fingerprint = createHash('sha256').update(`${method}\n${path}\n`).update(body).digest('hex');
    if (key !== undefined) {
      if (!IDEMPOTENCY_KEY.test(key)) return answer(fail(400, 'InvalidHeaderValue', 'x-amz-pay-idempotency-key must be 1–64 characters of A-Z a-z 0-9 - _'));
      const stored = scope.idempotency.get(key);
      if (stored && stored.fingerprint !== fingerprint)
        return answer(fail(400, 'DuplicateIdempotencyKey', 'This idempotency key was already used for a different request'));
      if (stored) return answer({ status: stored.status, body: stored.body });
    }

    let result: ApiResult;
    try {
      result = HANDLERS[operation]({
        state, seed, publicKeyId: verified.publicKeyId, environment, nowMs, query: parseQuery(rawQuery), body: parsed, id: route.id,
        documentUrl: (docId) => urls.sign(baseUrl, docId, fault?.kind === 'expire' ? new Date(nowMs - (ttl + 1) * 1000) : nowDate, ttl),
      });
    } catch {
      result = fail(500, 'InternalServerError', 'The emulator failed to handle this request');
    }
    if (key !== undefined && result.status >= 200 && result.status < 300) scope.idempotency.set(key, { fingerprint, status: result.status, body: result.body });
    return answer(result);
  }

  async function respond(res: ServerResponse, entry: RequestLogEntry, result: ApiResult, fault: Fault | undefined, extra: Record<string, string | number>): Promise<void> {
    if (fault?.kind === 'slow') {
      await delay(fault.delayMs ?? 10_000);
      if (closing.signal.aborted) return;
    }
    const transport = fault?.kind === 'reset' || fault?.kind === 'truncate' ? fault.kind : undefined;
    log({ ...entry, status: result.status, ...(fault && typeof fault.kind !== 'number' ? { fault: fault.kind } : {}) });
    sendJson(res, result.status, result.body, extra, transport);
  }

  async function statusFault(res: ServerResponse, entry: Omit<RequestLogEntry, 'status'>, fault: Fault): Promise<void> {
    const status = fault.kind as number;
    const codes: Record<number, string> = { 429: 'TooManyRequests', 500: 'InternalServerError', 503: 'ServiceUnavailable' };
    log({ ...entry, status, fault: String(status) });
    const extra: Record<string, string | number> = fault.retryAfter !== undefined ? { 'retry-after': fault.retryAfter } : {};
    await Promise.resolve();
    sendJson(res, status, { reasonCode: codes[status] ?? 'InternalServerError', message: `Injected fault: HTTP ${status}` }, extra);
  }

  async function download(req: IncomingMessage, res: ServerResponse, token: string, query: URLSearchParams, nowDate: Date, requestId: string, head: boolean): Promise<void> {
    const path = `/documents/${token}`;
    const method = head ? 'HEAD' : 'GET';
    const entry = { method, path, operation: 'download' };
    const expired = (expires: Date): void => sendS3Error(res, 403, 'AccessDenied', 'Request has expired', requestId, { 'X-Amz-Expires': String(ttl), Expires: formatIso(expires), ServerTime: formatIso(nowDate) }, head);
    // A URL that is bad anyway is refused before any fault is drawn, so scripted download faults
    // are spent only on downloads that would otherwise have worked.
    const check = urls.verify(token, query, nowDate);
    const doc = check.ok ? state.documents.get(check.reportDocumentId) : undefined;
    const report = doc ? state.report(doc.reportId) : undefined;
    if (!check.ok && check.expires) {
      log({ ...entry, status: 403 });
      return expired(check.expires);
    }
    if (!check.ok || !doc || !report || !isVisible(report, nowDate.getTime())) {
      log({ ...entry, status: 403 });
      const code = !check.ok ? check.code : 'AccessDenied';
      return sendS3Error(res, 403, code, !check.ok ? check.message : 'Access Denied', requestId, {}, head);
    }
    const fault = faults.pick('download', `${doc.reportDocumentId} ${req.headers.range ?? ''}`);
    if (fault && typeof fault.kind === 'number') {
      const status = fault.kind;
      log({ ...entry, status, fault: String(status) });
      if (fault.retryAfter !== undefined) res.setHeader('retry-after', fault.retryAfter);
      return sendS3Error(res, status, status === 500 ? 'InternalError' : 'SlowDown', status === 500 ? 'We encountered an internal error. Please try again.' : 'Please reduce your request rate.', requestId, {}, head);
    }
    if (fault?.kind === 'expire') {
      log({ ...entry, status: 403, fault: 'expire' });
      return expired(nowDate);
    }
    if (fault?.kind === 'slow') {
      await delay(fault.delayMs ?? 10_000);
      if (closing.signal.aborted) return;
    }
    const { sha256, bytes } = await meta(doc);
    const range = parseRange(req.headers.range, bytes);
    const headers: Record<string, string | number> = {
      'content-type': 'text/csv', 'accept-ranges': 'bytes', etag: `"${sha256}"`,
    };
    if (range === 'unsatisfiable') {
      log({ ...entry, status: 416 });
      return send(res, 416, { ...headers, 'content-type': 'application/xml', 'content-range': `bytes */${bytes}` }, Buffer.alloc(0));
    }
    const start = range?.start ?? 0;
    const end = range?.end ?? bytes - 1;
    const status = range ? 206 : 200;
    const length = Math.max(0, end - start + 1);
    if (range) headers['content-range'] = `bytes ${start}-${end}/${bytes}`;
    const transport = fault?.kind === 'reset' || fault?.kind === 'truncate' ? fault.kind : undefined;
    log({ ...entry, status, ...(fault ? { fault: String(fault.kind) } : {}) });
    res.writeHead(status, { ...headers, 'content-length': length });
    if (head) {
      res.end();
      return;
    }
    await streamDocument(res, doc.source, start, end, transport ? { bytes: Math.floor(length / 2), fault: transport } : undefined);
  }

  const listener = (req: IncomingMessage, res: ServerResponse): void => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { reasonCode: 'InternalServerError', message: 'The emulator failed to handle this request' });
      else res.destroy();
    });
  };
  const server: Server = options.tls ? createHttpsServer({ key: options.tls.key, cert: options.tls.cert }, listener) : createHttpServer(listener);
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const shownHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
  baseUrl = `${options.tls ? 'https' : 'http'}://${shownHost}:${port}`;

  const emulator: Emulator = {
    url: baseUrl,
    requests,
    reports(publicKeyId?: string): EmulatorReportView[] {
      const nowMs = now().getTime();
      state.advance(nowMs);
      return state.allReports()
        .filter((r) => (publicKeyId === undefined || r.publicKeyId === publicKeyId) && isVisible(r, nowMs))
        .sort((a, b) => a.createdMs - b.createdMs || (a.reportId < b.reportId ? -1 : 1))
        .map((r) => {
          const v = reportView(r, nowMs);
          const view: EmulatorReportView = {
            reportId: r.reportId, reportType: r.reportType, processingStatus: statusAt(r, nowMs), createdTime: new Date(r.createdMs),
            publicKeyId: r.publicKeyId, environment: r.environment,
          };
          if (v.reportDocumentId) view.reportDocumentId = v.reportDocumentId;
          return view;
        });
    },
    async documentSha256(reportDocumentId: string) {
      const doc = state.documents.get(reportDocumentId);
      if (!doc) throw new AmazonPayError(`the emulator has no report document ${reportDocumentId}`);
      return meta(doc);
    },
    script: (list) => faults.script(list),
    setFaults: (spec) => faults.setRates(parseFaults(spec)),
    close: () => new Promise<void>((resolve) => {
      closing.abort();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
  if (defaultMerchant) Object.assign(emulator, { defaultMerchant });
  return emulator;
}

function merchantRecord(publicKeyId: string, key: ReturnType<typeof loadPublicKey>, sellerId: string | undefined): MerchantRecord {
  const upper = publicKeyId.toUpperCase();
  const keyEnvironment: Environment | undefined = upper.startsWith('LIVE') ? 'live' : upper.startsWith('SANDBOX') ? 'sandbox' : undefined;
  const record: MerchantRecord = { publicKeyId, key, sellerId: sellerId ?? `A${alnumIdFor(13, 'seller', publicKeyId)}` };
  if (keyEnvironment) record.keyEnvironment = keyEnvironment;
  return record;
}

/** The whole request body, or undefined past MAX_BODY. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
