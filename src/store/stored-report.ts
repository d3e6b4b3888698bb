import type { ParsedRecord, SettlementRecord } from '../reports/parsed-record.js';

/** A report as the store records it: the API's metadata plus what we did with it. Times are ISO 8601 UTC. */
export interface StoredReport {
  reportId: string;
  reportType: string;
  processingStatus: string;
  createdTime: string;
  startTime?: string;
  endTime?: string;
  processingStartTime?: string;
  processingEndTime?: string;
  reportDocumentId?: string;
  /** When a listing first showed it to us. */
  firstSeenAt: string;
  /** When its metadata or state last changed. */
  updatedAt: string;
  /** Set once the file is safely on disk (fsynced and renamed into place). */
  filePath?: string;
  bytes?: number;
  sha256?: string;
  downloadedAt?: string;
  /** Failed download attempts recorded so far. */
  attempts: number;
  lastError?: string;
}

/** What `listReports` selects; every field narrows. */
export interface ReportFilter {
  reportTypes?: readonly string[];
  processingStatuses?: readonly string[];
  /** Inclusive, on createdTime. */
  createdSince?: Date | string;
  /** Exclusive, on createdTime. */
  createdUntil?: Date | string;
  /** true: only reports with a file; false: only those without. */
  downloaded?: boolean;
}

/** How far a backfill request got: created and not finished, or done one way or another. */
export type BackfillState = 'requested' | 'imported' | 'cancelled' | 'failed';

/** What a backfill request is for: one report type over one range (ISO 8601 UTC, end exclusive). */
export interface BackfillKey {
  reportType: string;
  startTime: string;
  endTime: string;
}

/** A report a backfill created: which try it was (its idempotency key follows from the key and this) and the report Amazon made. */
export interface NewBackfillRequest extends BackfillKey {
  attempt: number;
  reportId: string;
}

/** One row of `backfill_requests`. */
export interface BackfillRequest extends NewBackfillRequest {
  state: BackfillState;
  /** When this attempt was recorded. */
  requestedAt: string;
  updatedAt: string;
  /** Why it ended `failed` (or what stopped it last). */
  error?: string;
}

/** The file a completed download produced. */
export interface RecordedFile {
  path: string;
  bytes: number;
  sha256: string;
}

/** How a sync run ended and what it did. */
export interface RunSummary {
  status: 'ok' | 'partial' | 'failed' | 'interrupted';
  listed: number;
  downloaded: number;
  skipped: number;
  failed: number;
  apiCalls: number;
  error?: string;
}

/** One row of `sync_runs`. */
export interface SyncRun {
  id: number;
  startedAt: string;
  finishedAt?: string;
  /** `running` until finishRun (a run killed mid-way stays `running`). */
  status: RunSummary['status'] | 'running';
  listed: number;
  downloaded: number;
  skipped: number;
  failed: number;
  apiCalls: number;
  error?: string;
}

/** Whether an upsert inserted a row, changed one, or found it as it was. */
export type UpsertOutcome = 'new' | 'changed' | 'unchanged';

/** Whom a store belongs to, recorded on its first sync; a later sync for anyone else is refused. */
export interface StoreIdentity {
  /** `https://pay-api.amazon.eu` and the like, or `emulator` for one on this machine (any port). */
  endpoint: string;
  region: string;
  environment: 'live' | 'sandbox';
  publicKeyId: string;
  /** Amazon's seller id, once a disbursement or settlement has told us. */
  merchantId?: string;
}

/** A report as an import names it. */
export interface ReportRef {
  reportId: string;
  reportType: string;
}

/** What was imported from one report file; an identical file (same sha256) is not imported again. */
export interface ImportRecord {
  reportId: string;
  reportType: string;
  reportKind: string;
  filePath: string;
  sha256: string;
  bytes: number;
  rowCount: number;
  warningCount: number;
  importedAt: string;
  /** The SettlementIds the file held. */
  settlementIds: string[];
}

/** A problem recorded while importing a file (a row that failed an identity, a broken row, …). */
export interface StoredWarning {
  line: number | null;
  code: string;
  message: string;
}

/**
 * One settlement from one report file: its period and its totals as exact decimal strings. A
 * SettlementId re-issued by another report has a second copy; exactly one copy is `active`.
 */
export interface StoredSettlement {
  settlementId: string;
  reportId: string;
  reportType: string;
  sellerId: string | null;
  startRaw: string | null;
  startAt: string | null;
  endRaw: string | null;
  endAt: string | null;
  currency: string;
  rowCount: number;
  captures: string;
  refunds: string;
  /** Σ TotalTransactionFee (negative = charged). */
  fees: string;
  chargebacks: string;
  /** Adjustments, Debt, Authorization and types we do not know. */
  adjustments: string;
  /** Reserve and Carryover movements. */
  reserve: string;
  /** Σ Net of every non-Transfer row. */
  net: string;
  /** −Σ Net of the Transfer rows: what was sent to the bank. */
  payout: string;
  transferCount: number;
  /**
   * The earliest and latest postedAt of its rows. Engines read rows by time through this window
   * (SQLite keeps no index on posted time), so an import must give the rows' true bounds; null
   * when unknown, which makes the settlement's rows be read for any time range.
   */
  firstPostedAt: string | null;
  lastPostedAt: string | null;
  active: boolean;
}

/** What `listSettlements` selects. Times bound the period start (or the first row when the file has no period): since <= t < until. */
export interface SettlementFilter {
  /** Only the copy totals use (default false: every copy). */
  activeOnly?: boolean;
  settlementId?: string;
  since?: string;
  until?: string;
}

/** A stored settlement row, as exports read it (active copies only): the parsed record's fields plus its report. */
export type ExportedRow = Omit<SettlementRecord, 'kind' | 'extra' | 'transactionType'> & { reportId: string; transactionType: string };

/** Totals of one settlement as an import computed them (decimal strings in `currency`). */
export type ImportedSettlement = Omit<StoredSettlement, 'reportId' | 'reportType' | 'active'>;

/** How an import ends: what the file held, recorded with its rows in the same transaction. */
export interface FinishedImport {
  reportKind: string;
  filePath: string;
  sha256: string;
  bytes: number;
  rowCount: number;
  settlements: readonly ImportedSettlement[];
}

/** Writes one report's rows inside the import's transaction; nothing is visible until `fill` resolves. */
export interface RowWriter {
  /**
   * A batch of parsed records (settlement rows, or any other kind as JSON). Batches may be of any
   * size: an engine collects rows into statements of its own size across them, and may hold the
   * last ones back until `fill` resolves (nothing is visible before that anyway).
   */
  addRecords(batch: readonly ParsedRecord[]): Promise<void>;
  addWarnings(warnings: readonly StoredWarning[]): Promise<void>;
  /** Records the settlements and the import itself; call once, last. */
  finish(done: FinishedImport): Promise<void>;
}

/** What `checkIntegrity` found; `doctor` prints it. */
export interface IntegrityReport {
  ok: boolean;
  /** `ok`, or what the engine reported wrong (first lines). */
  detail: string;
  schemaVersion: number;
  knownSchemaVersion: number;
}
