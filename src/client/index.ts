export { createClient } from './create-client.js';
export { DEFAULT_RETRY } from './retry.js';
export { REGION_HOSTS, resolveRegion } from './endpoint.js';
export { newIdempotencyKey, isValidIdempotencyKey } from './idempotency-key.js';
export type {
  Client, ClientOptions, CreateReportInput, CreateReportScheduleInput, Disbursement, ListDisbursementsQuery, ListReportsQuery, Logger, Page, Region, Report,
  ReportDocument, ReportSchedule, RequestOptions, RetryPolicy,
} from './types.js';
