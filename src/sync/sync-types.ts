import type { Client, Report } from '../client/types.js';
import type { DownloadOptions } from '../download/download-types.js';
import type { Store } from '../store/store.js';
import type { RateLimiter, RateLimitSetting } from './rate-limiter.js';
import type { StoreIdentity } from '../store/stored-report.js';

export interface SyncOptions {
  client: Client;
  store: Store;
  /** Root folder for report files. */
  outDir: string;
  /** Full report types to list (all when absent). */
  reportTypes?: readonly string[];
  /** List from here instead of from the checkpoint (clamped to the 90-day retention). */
  since?: Date;
  /** Downloads in flight at once (default DEFAULT_CONCURRENCY, 8). */
  concurrency?: number;
  /** Re-list this much before the checkpoint, ms (default 2 days). */
  overlapMs?: number;
  /**
   * The ceiling of the adaptive limiter every API attempt of the run goes through (default
   * DEFAULT_RATE_LIMIT, 100/s burst 20, starting at 5/s and learning each operation's quota from
   * 429/503 answers); `false` turns limiting off.
   */
  rateLimit?: RateLimitSetting | false;
  /** A limiter shared beyond this run (several runs of one process, or the workers' bucket in PostgreSQL); replaces `rateLimit`. */
  rateLimiter?: RateLimiter;
  now?: () => Date;
  signal?: AbortSignal;
  onEvent?: (event: SyncEvent) => void;
  /**
   * Sync imports every stored file into the store (`importReportFile`) after the downloads, so the
   * rows are there when it returns; `false` only downloads and records the files.
   */
  import?: boolean;
  /**
   * Replaces the built-in import of one stored file. Called one at a time after the downloads, for
   * every stored file with no import yet. A failure fails the run (`importFailed`, the report in
   * `failures`), holds the checkpoint before it, and the next run tries again.
   */
  importFile?: (report: Report, path: string) => Promise<void>;
  /**
   * Whom the store must belong to (default: the client's endpoint, region, environment and Public
   * Key ID). A store bound to anyone else is refused with a ConfigError before anything changes;
   * `false` skips the check (tools that copy between stores).
   */
  identity?: StoreIdentity | false;
  /** Passed to downloadReport: retry tuning, size limits, and the transport seam tests use. */
  download?: Pick<DownloadOptions, 'httpGet' | 'maxAttempts' | 'baseDelayMs' | 'maxDelayMs' | 'createWriteStream' | 'maxBytes' | 'maxRatio' | 'maxRedirects' | 'stallTimeoutMs'>;
}

/** What happened, as it happens (a progress bar listens). */
export type SyncEvent =
  | { type: 'window'; createdSince: string; createdUntil: string }
  /** Downloads queued so far: they start while later pages are still being listed. */
  | { type: 'queued'; toDownload: number }
  /** The listing is complete: its counts, and every download it queued. */
  | { type: 'planned'; listed: number; toDownload: number; skipped: number; inProgress: number; recheck: number }
  | { type: 'downloaded'; reportId: string; path: string; bytes: number }
  | { type: 'imported'; reportId: string }
  | { type: 'failed'; reportId: string; message: string; stage: 'download' | 'import' }
  | { type: 'warning'; message: string; reportId?: string }
  /** The limiter learned a new rate for an operation (requests per second). */
  | { type: 'rate'; operation: string; ratePerSecond: number; throttled: number };

/** The run's result; `sync --json` prints it. */
export interface SyncSummary {
  /** Reports the listing returned, each once. */
  listed: number;
  /** Files written this run. */
  downloaded: number;
  /** COMPLETED reports already stored. */
  skipped: number;
  /** Downloads that failed this run (recorded; retried next run). */
  failed: number;
  /** Stored files imported into the store this run. */
  imported: number;
  /** Stored files whose import failed (the run fails; retried next run). */
  importFailed: number;
  /** Reports still IN_PROGRESS (re-checked next run). */
  inProgress: number;
  /** CANCELLED reports (Amazon's "no data" too). */
  cancelled: number;
  /** Reports Amazon marked FAILED. */
  reportsFailed: number;
  /** Disbursements stored or refreshed for the window. */
  disbursements: number;
  /** Non-fatal problems: reports that could not be re-checked, disbursements that could not be listed. */
  warnings: string[];
  /** Reports whose download or import failed, with the stage and the (redacted) reason. */
  failures: Array<{ reportId: string; stage: 'download' | 'import'; message: string }>;
  /** API requests sent, every attempt counted: what the server saw. */
  apiCalls: number;
  /** Of those, how many the server refused as throttled (429/503). */
  throttled: number;
  /** The rate the limiter ended at, per operation (requests per second). */
  rates: Array<{ operation: string; ratePerSecond: number; throttled: number }>;
  /** Bytes of the files written this run. */
  bytes: number;
  durationMs: number;
  /** The stored checkpoint after the run (ISO 8601), or null when there is none. */
  checkpoint: string | null;
  createdSince: string;
  createdUntil: string;
}
