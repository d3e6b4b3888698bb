import type { KeyObject } from 'node:crypto';
import type { KeySource } from '../signing/keys.js';
import type { EmulatorRegion, SettlementPricing } from './regions.js';

/** A merchant key registered with the emulator. */
export interface EmulatorMerchant {
  publicKeyId: string;
  /** Public key (or the private key, from which the public one is derived). */
  publicKey: KeySource | KeyObject;
  /** Seller id written into settlement files; derived from the key id when absent. */
  sellerId?: string;
}

/** Fault probabilities, each 0..1, drawn from the seed (cli.md `--faults`). */
export interface FaultRates {
  '429'?: number;
  '500'?: number;
  '503'?: number;
  reset?: number;
  truncate?: number;
  slow?: number;
}

/** Options of createEmulator; every one has a default (docs/emulator.md). */
export interface EmulatorOptions {
  host?: string;
  /** 0 = any free port (default). */
  port?: number;
  /** Makes ids, amounts, files and random faults reproducible (default 1). */
  seed?: number;
  /** Days of settlement history at start (default 90; more than 90 adds history already past retention). */
  days?: number;
  /** Marketplace of the synthetic history: currency, time zone (with daylight saving), fees (default `na`). */
  region?: EmulatorRegion;
  /** Days per settlement period, 1–30 (default: na/eu/uk 1, jp 14). */
  settlementPeriodDays?: number;
  /** The sellers' settlement time of day, seconds after local midnight (default: per seller, from the seed). */
  settlementTimeOfDaySeconds?: number;
  /** Overrides of the region's fee pricing (rates in basis points, fees in minor units). */
  pricing?: Partial<SettlementPricing>;
  merchants?: EmulatorMerchant[];
  /** Report document URL validity in seconds (default 30). */
  urlTtlSeconds?: number;
  /** `"429:0.1,500:0.05,reset:0.02"` or an object. */
  faults?: string | FaultRates;
  /** Hold every response this long (models network latency). */
  latencyMs?: number;
  /** How long a created report stays IN_PROGRESS, in emulator time (default 60 s). */
  reportDelayMs?: number;
  /**
   * When the sellers' accounts opened (default 2022-01-01, or the start of the settlement history
   * if that is earlier): Create Report finds data for any range after it, generated from the seed
   * and the range, and answers CANCELLED ("no data") for a range wholly before it.
   */
  accountOpened?: Date | string;
  /** Token bucket per merchant and operation, refilled by `now`; off by default (`false` or absent). */
  throttle?: { burst: number; ratePerSecond: number } | false;
  /** Injected clock; tests move it. Defaults to the real time. */
  now?: () => Date;
  /** Serve HTTPS with this key/cert (the official SDKs only speak https); `createLocalCertificates()` makes a pair and a CA to trust. */
  tls?: { key: string; cert: string };
  /** Rows per generated settlement (default ~20–60, from the seed); lets benchmarks make big files. */
  rowsPerSettlement?: number;
  /**
   * An existing, writable folder: each document is rendered once into a file there (when first
   * asked for) and every download streams from it, as S3 serves stored objects. Files are kept
   * (the folder is yours). Without it, documents are generated as they are sent and nothing is
   * written.
   */
  documentCacheDir?: string;
}

/** A deterministic fault for tests: the next `times` matching requests fail this way. */
export interface ScriptedFault {
  /** Operation name (`getReports`, `getReportById`, `createReport`, `getReportDocument`, `getReportSchedules`,
   * `getReportScheduleById`, `createReportSchedule`, `cancelReportSchedule`, `getDisbursements`, `download`) or `*`. */
  operation: string;
  /** An HTTP status to answer with (JSON error body), or a transport fault. */
  fault: number | 'reset' | 'truncate' | 'slow' | 'expire';
  /** How many matching requests it hits (default 1). */
  times?: number;
  /** Seconds for a `Retry-After` header (429/503). */
  retryAfter?: number;
  /** For `slow`: how long the response stalls, ms (default 10 s). */
  delayMs?: number;
}

/** One served request, as `Emulator.requests` records it. */
export interface RequestLogEntry {
  method: string;
  /** Path without query string. */
  path: string;
  /** Operation name, e.g. `getReports`, or `download`. */
  operation: string;
  status: number;
  publicKeyId?: string;
  /** What fault was injected, if any. */
  fault?: string;
}

/** A report as the emulator holds it (`Emulator.reports()`), for tests to compare against. */
export interface EmulatorReportView {
  reportId: string;
  reportType: string;
  processingStatus: string;
  reportDocumentId?: string;
  createdTime: Date;
  /** The range the report covers. */
  startTime: Date;
  endTime: Date;
  publicKeyId: string;
  environment: 'live' | 'sandbox';
}

/** A running emulator: its URL, the generated merchant, its request log and test controls. */
export interface Emulator {
  /** `http://127.0.0.1:PORT` (or https). */
  readonly url: string;
  /** The generated merchant when none was registered. */
  readonly defaultMerchant?: { publicKeyId: string; privateKeyPem: string };
  /** Every request served, in order. */
  readonly requests: readonly RequestLogEntry[];
  /** Reports as the emulator holds them (all merchants unless one is named). */
  reports(publicKeyId?: string): EmulatorReportView[];
  /** Exact bytes and SHA-256 a download of this document yields. Streams big files. */
  documentSha256(reportDocumentId: string): Promise<{ sha256: string; bytes: number }>;
  /** Queue deterministic faults (tests). */
  script(faults: ScriptedFault[]): void;
  /** Replace the fault rates at run time. */
  setFaults(faults: string | FaultRates | undefined): void;
  close(): Promise<void>;
}
