// The package's public surface: named exports only, one line each (aesthetics.md convention 9).
export { createClient } from './client/create-client.js';
export { DEFAULT_RETRY } from './client/retry.js';
export { REGION_HOSTS } from './client/endpoint.js';
export { newIdempotencyKey, isValidIdempotencyKey } from './client/idempotency-key.js';
export type { Client, ClientOptions, CreateReportInput, CreateReportScheduleInput, Disbursement, ListDisbursementsQuery, ListReportsQuery, Logger, Page, Region, Report, ReportDocument, ReportSchedule, RequestOptions, RetryPolicy } from './client/types.js';
export { AmazonPayError, ConfigError, ApiError, RateLimitError, AuthError, NotFoundError, NetworkError, TimeoutError, AbortError, DownloadError, StoreError, ReportParseError } from './errors.js';
export type { ApiErrorDetails } from './errors.js';
export { redact, safeUrl } from './redact.js';
export { signRequest, verifyRequest, loadPrivateKey, loadPublicKey, canonicalRequest, stringToSign } from './signing/index.js';
export type { SignRequestInput, ReceivedRequest, VerifyOptions, VerifyResult, KeySource, SigningAlgorithm, CanonicalRequestInput } from './signing/index.js';
export { REPORT_TYPES, PROCESSING_STATUSES, SCHEDULE_FREQUENCIES, toReportType, shortReportType } from './report-types.js';
export type { ReportType, ReportTypeShort, ProcessingStatus, ScheduleFrequency } from './report-types.js';
export { parseTime, formatIso } from './dates.js';
