import type { KeyObject } from 'node:crypto';
import { AbortError, ApiError, ConfigError, NetworkError, TimeoutError } from '../errors.js';
import { describeNetworkError } from '../describe-network-error.js';
import { redact, safeUrl } from '../redact.js';
import { canonicalQuery, queryPairs, type QueryParams } from '../signing/canonical-query.js';
import type { SigningAlgorithm } from '../signing/constants.js';
import { signRequest } from '../signing/sign-request.js';
import { isDateRejection, learnClockOffset } from './clock-skew.js';
import type { ResolvedEndpoint } from './endpoint.js';
import { checkIdempotencyKey } from './idempotency-key.js';
import { readCappedText } from './read-capped-text.js';
import { parseRetryAfter, retryDelay, shouldRetry, type AttemptOutcome } from './retry.js';
import { rateLimitPerSecond } from './rate-limit-header.js';
import type { AttemptHook, AttemptResult, Logger, RequestOptions, RetryPolicy } from './types.js';
import type { WireContext } from './wire.js';

/** Everything the request loop needs, resolved by create-client.ts. */
export interface RequestContext {
  fetch: typeof globalThis.fetch;
  now: () => Date;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  random: () => number;
  newIdempotencyKey: () => string;
  logger?: Logger | undefined;
  privateKey: KeyObject;
  publicKeyId: string;
  algorithm: SigningAlgorithm;
  endpoint: ResolvedEndpoint;
  retry: RetryPolicy;
  timeoutMs: number;
  /** Largest response body read, in bytes (after any Content-Encoding is decoded). */
  maxResponseBytes: number;
  userAgent: string;
  /** Shared, learned clock correction (server − local), applied to every signing date. */
  clock: { offsetMs: number };
  /** The client-wide attempt hook (ClientOptions.onAttempt). */
  onAttempt?: AttemptHook | undefined;
}

/** One logical API call; the loop may make several attempts of it. */
export interface ApiCall {
  /** The API operation name, e.g. `getReports`. */
  operation: string;
  method: 'GET' | 'POST' | 'DELETE';
  /** Path after the `/live/v2`-style prefix, e.g. `/reports`. */
  path: string;
  query?: QueryParams | undefined;
  body?: unknown;
  options?: RequestOptions | undefined;
}

/** A successful response: parsed JSON body plus what wire.ts needs for a clear error. */
export interface ApiResult {
  status: number;
  body: unknown;
  wire: WireContext;
}

/**
 * Sends one logical call: signs every attempt afresh (new `x-amz-pay-date`, corrected for clock
 * skew), reuses one idempotency key across a POST's attempts, times out each attempt, retries per
 * the policy and maps failures to the error hierarchy. The only retry loop in the client.
 */
export async function sendRequest(ctx: RequestContext, call: ApiCall): Promise<ApiResult> {
  const { method, options = {} } = call;
  const path = `${ctx.endpoint.pathPrefix}${call.path}`;
  const label = `${method} ${path}`;
  const query = canonicalQuery(queryPairs(call.query));
  const url = `${ctx.endpoint.baseUrl}${path}${query ? `?${query}` : ''}`;
  const body = call.body === undefined ? undefined : JSON.stringify(call.body);
  // One key per logical call: a retried POST is recognised and replayed, not executed twice.
  const idempotencyKey = method === 'POST' ? (options.idempotencyKey !== undefined ? checkIdempotencyKey(options.idempotencyKey) : ctx.newIdempotencyKey()) : undefined;
  const timeoutMs = options.timeoutMs ?? ctx.timeoutMs;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw new ConfigError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  const signal = options.signal;
  const log = (level: 'debug' | 'warn', line: string): void => ctx.logger?.[level](redact(line));
  const hooks = [ctx.onAttempt, options.onAttempt].filter((h): h is AttemptHook => h !== undefined);

  let failures = 0;
  let skewRetried = false;
  let responseLost = false;
  for (let attempt = 1; ; attempt++) {
    if (signal?.aborted) throw aborted(label, signal);
    // Waited for before signing, so a limiter's delay never ages the signed date.
    const settle = await admitAttempt(hooks, call.operation, signal, label);
    // Every way out of this attempt reports once what the server said (nothing, if it said nothing).
    let heard: AttemptResult = { status: undefined };
    let outcome: AttemptOutcome;
    let error: NetworkError | ApiError;
    let retryAfterMs: number | undefined;
    try {
      const offsetUsed = ctx.clock.offsetMs;
      const headers = signRequest({
        method, path, query: call.query, host: ctx.endpoint.host, region: ctx.endpoint.region, body, idempotencyKey,
        publicKeyId: ctx.publicKeyId, privateKey: ctx.privateKey, algorithm: ctx.algorithm,
        date: new Date(ctx.now().getTime() + offsetUsed),
      });
      // Unsigned, unlike the official Node SDK: a proxy rewriting User-Agent must not break signatures.
      headers['user-agent'] = ctx.userAgent;

      const timeout = AbortSignal.timeout(timeoutMs);
      const started = performance.now();
      try {
        // A signed request is never redirected: following one would resend x-amz-pay-* headers elsewhere.
        const init: RequestInit = { method, headers, redirect: 'manual', signal: signal ? AbortSignal.any([signal, timeout]) : timeout };
        if (body !== undefined) init.body = body;
        const sentMs = ctx.now().getTime();
        const res = await ctx.fetch(url, init);
        // The server's Date was stamped between sending and the headers' arrival, not when a slow body ended.
        const receivedMs = ctx.now().getTime();
        const requestId = res.headers.get('x-amz-pay-request-id') ?? undefined;
        const limitPerSecond = rateLimitPerSecond(res.headers.get('x-amzn-ratelimit-limit'));
        heard = { status: res.status, ...(limitPerSecond === undefined ? {} : { limitPerSecond }) };
        const wire: WireContext = { operation: label, status: res.status, requestId };
        if (res.status >= 300 && res.status < 400) {
          await res.body?.cancel().catch(() => undefined);
          const to = res.headers.get('location');
          const target = to ? safeUrl(URL.canParse(to, url) ? new URL(to, url) : to) : 'nowhere';
          throw new ApiError(`signed requests are never redirected; the API redirected to ${target} (check the endpoint)`, { ...wire, reasonCode: 'Redirected' });
        }
        const read = await readCappedText(res, ctx.maxResponseBytes);
        if (!('text' in read)) {
          const size = read.overBy === 'length' ? `declares ${read.seen} bytes` : `ran past ${ctx.maxResponseBytes} bytes`;
          throw new ApiError(`the response body ${size}, over the ${ctx.maxResponseBytes}-byte limit (maxResponseBytes); not read further`, { ...wire, reasonCode: 'ResponseTooLarge' });
        }
        const { text } = read;
        const ms = Math.round(performance.now() - started);
        log('debug', `${label} → ${res.status} (requestId ${requestId ?? '-'}, ${ms} ms, attempt ${attempt})`);

        const serverDate = res.headers.get('date');
        const learned = learnClockOffset(serverDate, { sentMs, receivedMs }, ctx.clock.offsetMs);
        if (learned !== ctx.clock.offsetMs) {
          log('warn', `local clock is off by ${Math.round(learned / 1000)} s from the server's Date header; correcting signing times`);
          ctx.clock.offsetMs = learned;
        }

        if (res.ok) return { status: res.status, body: parseSuccess(text, wire), wire };
        if (method === 'DELETE' && res.status === 404 && responseLost) {
          // An earlier attempt may have deleted it and lost only the answer: gone is what was asked.
          log('warn', `${label} → 404 after an attempt whose answer was lost; treating it as already done`);
          return { status: 200, body: {}, wire };
        }

        const { reasonCode, message } = parseErrorBody(text, res.statusText);
        const serverNow = serverDate ? Date.parse(serverDate) : NaN;
        retryAfterMs = parseRetryAfter(res.headers.get('retry-after'), Number.isNaN(serverNow) ? receivedMs + ctx.clock.offsetMs : serverNow);
        // A limiter waits no longer than the client itself would (maxRetryAfterMs).
      if (retryAfterMs !== undefined) heard = { ...heard, retryAfterMs: Math.min(retryAfterMs, ctx.retry.maxRetryAfterMs) };
        error = ApiError.from(message, { status: res.status, reasonCode, requestId, operation: label, retryAfterMs });
        if (isDateRejection(res.status, reasonCode, message) && !skewRetried && ctx.clock.offsetMs !== offsetUsed) {
          // The rejected request is re-sent once with the corrected date (peers.md pain point 13).
          skewRetried = true;
          log('warn', `${label} → ${res.status} ${reasonCode ?? ''}: x-amz-pay-date rejected; retrying with the corrected clock`);
          continue;
        }
        outcome = { kind: 'status', status: res.status };
      } catch (e) {
        if (e instanceof ApiError) throw e;
        if (signal?.aborted) throw aborted(label, signal);
        const ms = Math.round(performance.now() - started);
        if (timeout.aborted) {
          outcome = { kind: 'timeout' };
          error = new TimeoutError(`${label} timed out after ${timeoutMs} ms (attempt ${attempt})`, { cause: e });
        } else {
          outcome = { kind: 'network' };
          error = new NetworkError(`${label} failed: ${describeNetworkError(e)} (attempt ${attempt})`, { cause: e });
        }
        log('debug', `${label} → ${outcome.kind === 'timeout' ? 'timeout' : 'network error'} (${ms} ms, attempt ${attempt})`);
      }
    } finally {
      for (const done of settle) done(heard);
    }

    failures++;
    if (outcome.kind !== 'status') responseLost = true;
    if (!shouldRetry(outcome, failures, ctx.retry)) throw error;
    const delay = retryDelay(failures, retryAfterMs, ctx.retry, ctx.random);
    const what = outcome.kind === 'status' ? String(outcome.status) : outcome.kind === 'timeout' ? 'timeout' : 'network error';
    log('warn', `${label} → ${what}; retry ${failures} of ${ctx.retry.retries} in ${delay} ms${retryAfterMs !== undefined ? ' (Retry-After)' : ''}`);
    try {
      await ctx.sleep(delay, signal);
    } catch (e) {
      if (signal?.aborted) throw aborted(label, signal);
      throw e;
    }
  }
}

/** Runs every hook's wait in order; the settle functions of those already admitted are kept. */
async function admitAttempt(hooks: readonly AttemptHook[], operation: string, signal: AbortSignal | undefined, label: string): Promise<Array<(r: AttemptResult) => void>> {
  const settle: Array<(r: AttemptResult) => void> = [];
  try {
    for (const hook of hooks) settle.push(await hook(operation, signal));
  } catch (e) {
    // An attempt that never went out tells the limiters nothing about the server.
    for (const done of settle) done({ status: undefined });
    if (signal?.aborted) throw aborted(label, signal);
    throw e;
  }
  return settle;
}

function parseSuccess(text: string, wire: WireContext): unknown {
  if (text.trim() === '') return {};
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new ApiError('malformed response: the body is not JSON', { ...wire, reasonCode: 'MalformedResponse' });
  }
}

/** The API's error envelope `{reasonCode, message}` (api.md §9.1), tolerating anything else. */
function parseErrorBody(text: string, statusText: string): { reasonCode: string | undefined; message: string } {
  try {
    const j = JSON.parse(text) as unknown;
    if (typeof j === 'object' && j !== null) {
      const { reasonCode, message } = j as { reasonCode?: unknown; message?: unknown };
      return {
        reasonCode: typeof reasonCode === 'string' && reasonCode !== '' ? reasonCode : undefined,
        message: typeof message === 'string' && message !== '' ? message.slice(0, 500) : statusText || 'no message',
      };
    }
  } catch {
    // Not JSON (a proxy's HTML page, say): fall through to the status text.
  }
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
  return { reasonCode: undefined, message: plain || statusText || 'no message' };
}

function aborted(label: string, signal: AbortSignal): AbortError {
  return new AbortError(`${label} aborted by the caller`, { cause: signal.reason });
}
