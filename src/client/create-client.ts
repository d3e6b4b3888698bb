import { setTimeout as delay } from 'node:timers/promises';
import { ConfigError } from '../errors.js';
import { DEFAULT_ALGORITHM, isSigningAlgorithm } from '../signing/constants.js';
import { loadPrivateKey } from '../signing/keys.js';
import { resolveEndpoint } from './endpoint.js';
import { newIdempotencyKey } from './idempotency-key.js';
import { DEFAULT_MAX_PAGES, flattenPages, paginate } from './paginate.js';
import { pathParam } from './path-param.js';
import { sendRequest, type ApiCall, type RequestContext } from './request.js';
import { resolveRetryPolicy } from './retry.js';
import { assembleClient } from './assemble-client.js';
import type { Client, ClientOptions, ListDisbursementsQuery, ListReportsQuery, RequestOptions } from './types.js';
import { defaultUserAgent } from './user-agent.js';
import { createReportBody, createReportScheduleBody, disbursementsQuery, reportsQuery, schedulesQuery } from './validate-input.js';
import {
  toCreateReportResult, toCreateReportScheduleResult, toDisbursementsPage, toReport, toReportDocument, toReportScheduleById, toReportSchedules, toReportsPage,
} from './wire.js';

const DEFAULT_TIMEOUT_MS = 30_000;
/** API answers are small JSON (100 reports a page is ~40 KiB); anything near this is not one. */
const DEFAULT_MAX_RESPONSE_BYTES = 4 * 1024 * 1024;

/**
 * Creates the typed Reports API client. Validates the configuration (key, region, endpoint,
 * algorithm) up front with ConfigError, and fills in the real effects — fetch, clock, sleep,
 * randomness — where the caller injected none.
 */
export function createClient(options: ClientOptions): Client {
  const publicKeyId = typeof options.publicKeyId === 'string' ? options.publicKeyId.trim() : '';
  if (publicKeyId === '') throw new ConfigError('missing Public Key ID: set publicKeyId (from Seller Central, e.g. SANDBOX-AFVX7ULWSGBZ5535PCUQOY7B)');
  if (!/^[A-Za-z0-9_.-]+$/.test(publicKeyId)) throw new ConfigError('the Public Key ID may only hold letters, digits, "-", "_" and "."');
  if (options.privateKey === undefined || options.privateKey === null) throw new ConfigError('missing private key: give { file } or { pem } (PKCS#1 or PKCS#8 PEM)');
  const algorithm = options.algorithm ?? DEFAULT_ALGORITHM;
  if (!isSigningAlgorithm(algorithm)) throw new ConfigError(`unknown algorithm "${String(algorithm)}": use AMZN-PAY-RSASSA-PSS-V2 or AMZN-PAY-RSASSA-PSS`);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!(timeoutMs > 0) || !Number.isFinite(timeoutMs)) throw new ConfigError(`timeoutMs must be a positive number of milliseconds, got ${String(timeoutMs)}`);
  const maxResponseBytes = positiveInteger(options.maxResponseBytes, DEFAULT_MAX_RESPONSE_BYTES, 'maxResponseBytes', 'bytes');
  const maxPages = positiveInteger(options.maxPages, DEFAULT_MAX_PAGES, 'maxPages', 'pages per listing');
  const endpoint = resolveEndpoint({ publicKeyId, region: options.region, sandbox: options.sandbox, endpoint: options.endpoint });
  const privateKey = loadPrivateKey(options.privateKey);
  const random = options.random ?? Math.random;

  const ctx: RequestContext = {
    fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
    now: options.now ?? (() => new Date()),
    sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, signal ? { signal } : {})),
    random,
    newIdempotencyKey: () => newIdempotencyKey(),
    logger: options.logger,
    privateKey,
    publicKeyId,
    algorithm,
    endpoint,
    retry: resolveRetryPolicy(options.retry),
    timeoutMs,
    maxResponseBytes,
    userAgent: options.userAgent ?? defaultUserAgent(),
    clock: { offsetMs: 0 },
    onAttempt: options.onAttempt,
  };
  const call = (c: ApiCall) => sendRequest(ctx, c);

  const reportPages = (query?: ListReportsQuery, opts?: RequestOptions) => {
    const first = reportsQuery(query); // validated now, before any request
    return paginate(first, async (q) => {
      const r = await call({ operation: 'getReports', method: 'GET', path: '/reports', query: q, options: opts });
      return toReportsPage(r.wire, r.body);
    }, `GET ${endpoint.pathPrefix}/reports`, maxPages);
  };
  const disbursementPages = (query?: ListDisbursementsQuery, opts?: RequestOptions) => {
    const first = disbursementsQuery(query);
    return paginate(first, async (q) => {
      const r = await call({ operation: 'getDisbursements', method: 'GET', path: '/disbursements', query: q, options: opts });
      return toDisbursementsPage(r.wire, r.body);
    }, `GET ${endpoint.pathPrefix}/disbursements`, maxPages);
  };

  const listReports = (query?: ListReportsQuery, opts?: RequestOptions) => flattenPages(reportPages(query, opts));
  const listDisbursements = (query?: ListDisbursementsQuery, opts?: RequestOptions) => flattenPages(disbursementPages(query, opts));
  const getReport = async (reportId: string, opts?: RequestOptions) => {
    const r = await call({ operation: 'getReportById', method: 'GET', path: `/reports/${pathParam(reportId, 'reportId')}`, options: opts });
    return toReport(r.wire, r.body, 'body');
  };
  const createReport = async (input: Parameters<Client['createReport']>[0], opts?: RequestOptions) => {
    const r = await call({ operation: 'createReport', method: 'POST', path: '/reports', body: createReportBody(input), options: opts });
    return toCreateReportResult(r.wire, r.body);
  };
  const getDocument = async (reportDocumentId: string, opts?: RequestOptions) => {
    const r = await call({ operation: 'getReportDocument', method: 'GET', path: `/report-documents/${pathParam(reportDocumentId, 'reportDocumentId')}`, options: opts });
    return toReportDocument(r.wire, r.body);
  };
  const listSchedules = async (query?: { reportTypes?: readonly string[] }, opts?: RequestOptions) => {
    const r = await call({ operation: 'getReportSchedules', method: 'GET', path: '/report-schedules', query: schedulesQuery(query), options: opts });
    return toReportSchedules(r.wire, r.body);
  };
  const getSchedule = async (reportScheduleId: string, opts?: RequestOptions) => {
    const r = await call({ operation: 'getReportScheduleById', method: 'GET', path: `/report-schedules/${pathParam(reportScheduleId, 'reportScheduleId')}`, options: opts });
    return toReportScheduleById(r.wire, r.body);
  };
  const createSchedule = async (input: Parameters<Client['createReportSchedule']>[0], opts?: RequestOptions) => {
    const r = await call({ operation: 'createReportSchedule', method: 'POST', path: '/report-schedules', body: createReportScheduleBody(input), options: opts });
    return toCreateReportScheduleResult(r.wire, r.body);
  };
  const cancelSchedule = async (reportScheduleId: string, opts?: RequestOptions) => {
    await call({ operation: 'cancelReportSchedule', method: 'DELETE', path: `/report-schedules/${pathParam(reportScheduleId, 'reportScheduleId')}`, options: opts });
  };

  return assembleClient(
    { listReports, reportPages, getReport, createReport, getDocument, listSchedules, getSchedule, createSchedule, cancelSchedule, listDisbursements, disbursementPages },
    Object.freeze({ baseUrl: endpoint.baseUrl, region: endpoint.region, environment: endpoint.environment, algorithm, publicKeyId }),
    () => ctx.clock.offsetMs,
  );
}

function positiveInteger(value: number | undefined, fallback: number, name: string, unit: string): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1) throw new ConfigError(`${name} must be a whole number from 1 (${unit}), got ${String(value)}`);
  return value;
}
