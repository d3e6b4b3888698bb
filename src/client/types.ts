import type { KeyObject } from 'node:crypto';
import type { ProcessingStatus, ScheduleFrequency } from '../report-types.js';
import type { KeySource } from '../signing/keys.js';
import type { SigningAlgorithm } from '../signing/constants.js';

/**
 * Domain types. Field names are the API's own. Times are normalised to ISO 8601 UTC without
 * milliseconds (`2026-11-18T15:06:30Z`) whatever form the API used; amounts stay decimal strings.
 * Fields the API omitted stay absent.
 */
export interface Report {
  reportId: string;
  reportType: string;
  processingStatus: ProcessingStatus | (string & {});
  createdTime: string;
  startTime?: string;
  endTime?: string;
  processingStartTime?: string;
  processingEndTime?: string;
  reportDocumentId?: string;
}

export interface ReportDocument {
  reportDocumentId: string;
  /** Pre-signed download URL, valid ~30 s. A credential: never log its query string. */
  url: string;
  compressionAlgorithm?: string;
}

export interface ReportSchedule {
  reportScheduleId: string;
  reportType: string;
  scheduleFrequency: ScheduleFrequency | (string & {});
  nextReportCreationTime?: string;
}

export interface Disbursement {
  sellerId?: string;
  settlementId: string;
  amazonDisbursementReferenceId: string;
  /** Decimal string, e.g. "1000.50". */
  amount: string;
  currencyCode: string;
  transactionTime: string;
}

export type Region = 'na' | 'eu' | 'jp';

export interface ListReportsQuery {
  reportTypes?: readonly string[];
  processingStatuses?: readonly string[];
  createdSince?: Date | string;
  createdUntil?: Date | string;
  /** 1..100, default 10 (the API's). */
  pageSize?: number;
}

export interface ListDisbursementsQuery {
  startTime?: Date | string;
  endTime?: Date | string;
  pageSize?: number;
}

export interface CreateReportInput {
  reportType: string;
  startTime: Date | string;
  endTime: Date | string;
}

export interface CreateReportScheduleInput {
  reportType: string;
  scheduleFrequency: string;
  nextReportCreationTime?: Date | string;
  deleteExistingSchedule?: boolean;
}

export interface RetryPolicy {
  /** Retries after the first attempt (default 4). */
  retries: number;
  statuses: readonly number[];
  /** Backoff base (default 500 ms) and cap (default 20 s). */
  baseDelayMs: number;
  maxDelayMs: number;
  /** Longest `Retry-After` we obey (default 60 s); longer values are capped. */
  maxRetryAfterMs: number;
}

/** What one attempt's answer tells a rate limiter (no body, no secrets). */
export interface AttemptResult {
  /** The HTTP status, or undefined when no answer came (network error, timeout). */
  status: number | undefined;
  /** The server's `Retry-After`, in ms, when it sent one. */
  retryAfterMs?: number;
  /** A rate the server announced (`x-amzn-RateLimit-Limit`), in requests per second. */
  limitPerSecond?: number;
}

/**
 * Called before every attempt of an API call — the first and each retry — and resolves when the
 * attempt may be sent; the function it resolves to is called with the attempt's result. Rate
 * limiting and metering hang here, so retries are limited and counted like first attempts.
 */
export type AttemptHook = (operation: string, signal: AbortSignal | undefined) => Promise<(result: AttemptResult) => void>;

export interface RequestOptions {
  signal?: AbortSignal;
  /** Per-attempt timeout; overrides the client's. */
  timeoutMs?: number;
  /** For POSTs: the idempotency key to reuse; generated once per call otherwise. */
  idempotencyKey?: string;
  /** Around every attempt of this call, after the client's own `onAttempt`. */
  onAttempt?: AttemptHook;
}

export interface Logger {
  debug(message: string): void;
  warn(message: string): void;
}

export interface ClientOptions {
  publicKeyId: string;
  privateKey: KeySource | KeyObject;
  /** `na`, `eu`, `jp` or aliases `us`, `de`, `uk`. Default `na`. */
  region?: string;
  /** Use `/sandbox` (only for keys without a LIVE/SANDBOX prefix). */
  sandbox?: boolean;
  /** Base URL override, e.g. the emulator's `http://127.0.0.1:PORT`. */
  endpoint?: string;
  algorithm?: SigningAlgorithm;
  retry?: Partial<RetryPolicy>;
  /** Per-attempt timeout, default 30 s. */
  timeoutMs?: number;
  /** Largest API response body read (after gzip decoding), default 4 MiB; a bigger one is an ApiError `ResponseTooLarge`. */
  maxResponseBytes?: number;
  /** Most pages one listing follows, default 10 000; past it an ApiError `TooManyPages`. */
  maxPages?: number;
  logger?: Logger;
  userAgent?: string;
  /** Around every attempt of every call (rate limiting, metering); see AttemptHook. */
  onAttempt?: AttemptHook;
  /** Injected effects; defaults are the real ones. */
  fetch?: typeof globalThis.fetch;
  now?: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  random?: () => number;
}

export interface Page<T> {
  items: T[];
  nextToken?: string;
}

/** The typed Reports API client: one function per operation, async iterators for lists. */
export interface Client {
  reports: {
    /** Every report matching the query, following nextToken; `break` stops requests. */
    list(query?: ListReportsQuery, options?: RequestOptions): AsyncIterable<Report>;
    pages(query?: ListReportsQuery, options?: RequestOptions): AsyncIterable<Page<Report>>;
    get(reportId: string, options?: RequestOptions): Promise<Report>;
    create(input: CreateReportInput, options?: RequestOptions): Promise<{ reportId: string }>;
  };
  reportDocuments: {
    get(reportDocumentId: string, options?: RequestOptions): Promise<ReportDocument>;
  };
  reportSchedules: {
    list(query?: { reportTypes?: readonly string[] }, options?: RequestOptions): Promise<ReportSchedule[]>;
    get(reportScheduleId: string, options?: RequestOptions): Promise<ReportSchedule>;
    create(input: CreateReportScheduleInput, options?: RequestOptions): Promise<{ reportScheduleId: string }>;
    cancel(reportScheduleId: string, options?: RequestOptions): Promise<void>;
  };
  disbursements: {
    list(query?: ListDisbursementsQuery, options?: RequestOptions): AsyncIterable<Disbursement>;
    pages(query?: ListDisbursementsQuery, options?: RequestOptions): AsyncIterable<Page<Disbursement>>;
  };
  /** Flat aliases named after the API operations. */
  getReports(query?: ListReportsQuery, options?: RequestOptions): AsyncIterable<Report>;
  getReportById(reportId: string, options?: RequestOptions): Promise<Report>;
  createReport(input: CreateReportInput, options?: RequestOptions): Promise<{ reportId: string }>;
  getReportDocument(reportDocumentId: string, options?: RequestOptions): Promise<ReportDocument>;
  getReportSchedules(query?: { reportTypes?: readonly string[] }, options?: RequestOptions): Promise<ReportSchedule[]>;
  getReportScheduleById(reportScheduleId: string, options?: RequestOptions): Promise<ReportSchedule>;
  createReportSchedule(input: CreateReportScheduleInput, options?: RequestOptions): Promise<{ reportScheduleId: string }>;
  cancelReportSchedule(reportScheduleId: string, options?: RequestOptions): Promise<void>;
  getDisbursements(query?: ListDisbursementsQuery, options?: RequestOptions): AsyncIterable<Disbursement>;
  /** Resolved settings (no secrets): base URL, region, environment, algorithm. */
  readonly info: { baseUrl: string; region: Region; environment: 'live' | 'sandbox' | 'key'; algorithm: SigningAlgorithm; publicKeyId: string };
  /** Current clock correction in ms, learned from the server's Date header. */
  readonly clockOffsetMs: number;
}
