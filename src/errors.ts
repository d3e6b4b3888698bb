import { redact } from './redact.js';

/**
 * The root of every error this package throws. Messages are redacted at construction: no private
 * key, signature, authorization header or pre-signed URL query string survives into `message`.
 */
export class AmazonPayError extends Error {
  override name = 'AmazonPayError';
  /** Process exit status the CLI uses for this error: 1 operation failed, 2 usage/configuration. */
  readonly exitCode: 1 | 2 = 1;
  constructor(message: string, options?: { cause?: unknown }) {
    super(redact(message), options);
  }
}

/** Bad configuration or usage, detected before any request: missing key, bad region, bad date… */
export class ConfigError extends AmazonPayError {
  override name = 'ConfigError';
  override readonly exitCode = 2 as const;
}

export interface ApiErrorDetails {
  status: number;
  reasonCode?: string | undefined;
  requestId?: string | undefined;
  /** e.g. `GET /v2/reports` */
  operation: string;
  retryAfterMs?: number | undefined;
}

/** The API answered with an error status. */
export class ApiError extends AmazonPayError {
  override name = 'ApiError';
  readonly status: number;
  readonly reasonCode: string | undefined;
  readonly requestId: string | undefined;
  readonly operation: string;
  readonly retryAfterMs: number | undefined;
  constructor(message: string, details: ApiErrorDetails, options?: { cause?: unknown }) {
    const code = details.reasonCode ? ` ${details.reasonCode}` : '';
    const rid = details.requestId ? ` (requestId ${details.requestId})` : '';
    super(`${details.operation} failed: ${details.status}${code}: ${message}${rid}`, options);
    this.status = details.status;
    this.reasonCode = details.reasonCode;
    this.requestId = details.requestId;
    this.operation = details.operation;
    this.retryAfterMs = details.retryAfterMs;
  }

  /** Picks the subclass for a status / reasonCode. */
  static from(message: string, details: ApiErrorDetails): ApiError {
    if (details.status === 429) return new RateLimitError(message, details);
    if (details.status === 401 || details.status === 403 || details.reasonCode === 'InvalidRequestSignature')
      return new AuthError(message, details);
    if (details.status === 404) return new NotFoundError(message, details);
    return new ApiError(message, details);
  }
}

/** HTTP 429: throttled. Retried automatically; surfaces only when retries are exhausted. */
export class RateLimitError extends ApiError {
  override name = 'RateLimitError';
}

/** Authentication or signature rejected (wrong key, wrong Public Key ID, clock far off). */
export class AuthError extends ApiError {
  override name = 'AuthError';
}

/** The report, document or schedule does not exist (or is past the 90-day retention). */
export class NotFoundError extends ApiError {
  override name = 'NotFoundError';
}

/** The connection failed or dropped before a complete response arrived. */
export class NetworkError extends AmazonPayError {
  override name = 'NetworkError';
}

/** No complete response within the per-request timeout. */
export class TimeoutError extends NetworkError {
  override name = 'TimeoutError';
}

/** The caller aborted via its AbortSignal. */
export class AbortError extends AmazonPayError {
  override name = 'AbortError';
}

/** A report file could not be downloaded or written intact. */
export class DownloadError extends AmazonPayError {
  override name = 'DownloadError';
}

/** The local store is unusable: corrupt, locked, or held by another sync. */
export class StoreError extends AmazonPayError {
  override name = 'StoreError';
}

/** Another live sync holds the store's (or the merchant's) sync lock. */
export class LockHeldError extends StoreError {
  override name = 'LockHeldError';
}

/** stdout's reader went away (`| head` closed the pipe): the CLI stops writing and exits normally. */
export class OutputClosedError extends AmazonPayError {
  override name = 'OutputClosedError';
}

/** A report file's contents could not be parsed. Names file, line and column. */
export class ReportParseError extends AmazonPayError {
  override name = 'ReportParseError';
  readonly file: string | undefined;
  readonly line: number | undefined;
  readonly column: number | undefined;
  constructor(message: string, where: { file?: string | undefined; line?: number | undefined; column?: number | undefined } = {}) {
    const at = [where.file, where.line, where.column].filter((p) => p !== undefined).join(':');
    super(at ? `${at}: ${message}` : message);
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
  }
}

/** An error's message for a log, a summary or the store: ours as written, anything else redacted. */
export function safeMessage(error: unknown): string {
  if (error instanceof AmazonPayError) return error.message;
  return redact(error instanceof Error ? error.message : String(error));
}
