import type { Client } from '../client/types.js';
import type { Store } from '../store/store.js';
import type { StoreIdentity } from '../store/stored-report.js';
import type { RateLimiter, RateLimitSetting } from './rate-limiter.js';
import type { SyncOptions } from './sync-types.js';

export interface BackfillOptions {
  client: Client;
  store: Store;
  /** Root folder for report files (the same as the sync's). */
  outDir: string;
  /** Where the history starts: the first range runs from here to the end of its UTC month, then whole months up to the current one. */
  since: Date;
  /** Report types to create, full or short names (default: every type Create Report makes in the environment). */
  reportTypes?: readonly string[];
  /** Months worked on at once (default 4); each month's types go together. */
  concurrency?: number;
  /** The ceiling of the adaptive limiter every API attempt goes through, as the sync's (default DEFAULT_RATE_LIMIT); `false` turns it off. */
  rateLimit?: RateLimitSetting | false;
  /** A limiter shared beyond this run; replaces `rateLimit`. */
  rateLimiter?: RateLimiter;
  now?: () => Date;
  /** Waits between looks at a report in progress (default: a real timer that an abort ends). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  onEvent?: (event: BackfillEvent) => void;
  /** How often to ask whether a report is ready: the first wait and the cap it doubles to (default 0.5 s and 30 s). */
  poll?: { firstDelayMs?: number; maxDelayMs?: number };
  /** Stop waiting for one report after this long (default 30 min); it stays recorded and the next run waits again. */
  waitTimeoutMs?: number;
  /** Requests per type and range when Amazon answers FAILED, one per run (default 3). */
  maxAttempts?: number;
  /** Whom the store must belong to (default: the client's account); `false` skips the check. */
  identity?: StoreIdentity | false;
  /** Passed to downloadReport, as the sync's. */
  download?: SyncOptions['download'];
}

/** How one report type of one month ended this run. */
export type BackfillOutcome =
  /** Stored and imported (now or by an earlier run). */
  | 'imported'
  /** Amazon cancelled it: no data in the range. Recorded; never asked again. */
  | 'cancelled'
  /** Amazon marked it FAILED; asked again next run until `maxAttempts`. */
  | 'failed'
  /** Still IN_PROGRESS when the wait ran out; the next run waits again (never creates it again). */
  | 'pending'
  /** A request, download or import failed here; the next run tries again. */
  | 'error';

/** What happened, as it happens (the progress bars listen). */
export type BackfillEvent =
  | { type: 'planned'; months: number; reportTypes: string[]; reports: number; alreadyDone: number }
  | { type: 'month-started'; month: string; reports: number; alreadyDone: number }
  | { type: 'requested'; month: string; reportType: string; reportId: string; attempt: number }
  | { type: 'report-done'; month: string; reportType: string; reportId?: string; outcome: BackfillOutcome; earlier: boolean }
  | { type: 'month-done'; month: string; outcomes: Partial<Record<BackfillOutcome, number>> }
  | { type: 'failed'; month: string; reportType: string; reportId?: string; stage: BackfillStage; message: string }
  | { type: 'warning'; message: string }
  /** The limiter learned a new rate for an operation (requests per second). */
  | { type: 'rate'; operation: string; ratePerSecond: number; throttled: number };

export type BackfillStage = 'create' | 'wait' | 'download' | 'import';

/** The run's result; `sync --backfill --json` prints it. */
export interface BackfillSummary {
  /** The ranges covered: from `since` to the start of the current UTC month (ISO 8601). */
  since: string;
  until: string;
  reportTypes: string[];
  /** Create Report calls answered this run (a replay of an earlier request included). */
  requested: number;
  /** Type-months an earlier run already finished (imported, cancelled, or failed for good). */
  alreadyDone: number;
  downloaded: number;
  imported: number;
  cancelled: number;
  /** Reports Amazon marked FAILED. */
  reportsFailed: number;
  /** Reports still IN_PROGRESS when the wait ran out. */
  pending: number;
  /** Requests, downloads or imports that failed this run (the next run tries again). */
  failed: number;
  failures: Array<{ month: string; reportType: string; reportId?: string; stage: BackfillStage; message: string }>;
  warnings: string[];
  /** API attempts, retries included: what the server saw. */
  apiCalls: number;
  /** Attempts the server refused as throttled (429/503). */
  throttled: number;
  /** The rate the limiter ended at, per operation (requests per second). */
  rates: Array<{ operation: string; ratePerSecond: number; throttled: number }>;
  bytes: number;
  durationMs: number;
  /** Every month, oldest first, with each type's report and outcome. */
  months: Array<{ month: string; startTime: string; endTime: string; reports: Array<{ reportType: string; reportId?: string; outcome: BackfillOutcome }> }>;
}
