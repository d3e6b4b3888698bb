import type { Disbursement, Report } from '../client/types.js';
import type {
  BackfillKey, BackfillRequest, BackfillState, ExportedRow, ImportRecord, IntegrityReport, NewBackfillRequest, RecordedFile,
  ReportFilter, ReportRef, RowWriter, RunSummary, SettlementFilter, StoredReport, StoredSettlement, StoredWarning, StoreIdentity,
  SyncRun, UpsertOutcome,
} from './stored-report.js';
import type { ExportedRowCells } from './exported-row-cells.js';

export type * from './stored-report.js';
export type { ExportedRowCells } from './exported-row-cells.js';

/** A held sync lock. */
export interface StoreLock {
  /** Gives the lock up if it is still ours; safe to call twice. */
  release(): Promise<void>;
}

/**
 * The ledger every part of the product reads and writes: reports and their files, sync runs,
 * checkpoints, disbursements, imported rows and settlements, and whom the store belongs to.
 * Each engine (SQLite now) implements it and passes the same contract suite
 * (test/store/store-contract.ts). Everything is asynchronous, so an engine may live across a
 * network; an engine may serialise calls, so callers never rely on two writes overlapping.
 */
export interface Store {
  /** Where the store lives, fit for a message: a file path, never a password. */
  readonly location: string;
  /** Opened for reading only: every write fails with a StoreError. */
  readonly readOnly: boolean;

  /** Whom the store belongs to, once a sync has recorded it. */
  getIdentity(): Promise<StoreIdentity | undefined>;
  /**
   * Records the identity on first use; later, the same identity passes (a merchant id learnt
   * since is added) and any other is refused with a ConfigError naming both. Nothing else changes.
   */
  bindIdentity(identity: StoreIdentity): Promise<void>;

  /** Takes the store's sync lock: a StoreError naming the holder while a live sync has it. */
  acquireSyncLock(options?: { now?: () => Date }): Promise<StoreLock>;

  /** Records listed reports' metadata and state in one transaction; never clears a recorded download. */
  upsertListedReports(reports: readonly Report[]): Promise<UpsertOutcome[]>;
  getReport(reportId: string): Promise<StoredReport | undefined>;
  /** Reports matching the filter, oldest createdTime first. */
  listReports(filter?: ReportFilter): Promise<StoredReport[]>;
  /** Marks the report's file as safely on disk; StoreError when the report was never recorded. */
  recordDownload(reportId: string, file: RecordedFile): Promise<void>;
  /** Counts a failed download or import attempt and keeps its (redacted) message. */
  recordFailure(reportId: string, message: string): Promise<void>;
  /** COMPLETED reports without a file, plus reports not yet finished (to re-check), oldest first. */
  reportsNeedingWork(): Promise<StoredReport[]>;

  getCheckpoint(name: string): Promise<string | undefined>;
  setCheckpoint(name: string, value: string): Promise<void>;

  /** Opens a run in state `running`, first marking runs left `running` by a dead process `interrupted`. Call it holding the sync lock. */
  startRun(): Promise<number>;
  finishRun(id: number, summary: RunSummary): Promise<void>;
  /** The most recent runs, newest first. */
  listRuns(limit?: number): Promise<SyncRun[]>;

  /** Records disbursements in one transaction. */
  upsertDisbursements(disbursements: readonly Disbursement[]): Promise<UpsertOutcome[]>;
  /** Disbursements with since <= transactionTime < until (and of one settlement), oldest first. */
  listDisbursements(filter?: { since?: Date | string; until?: Date | string; settlementId?: string }): Promise<Disbursement[]>;

  /** What was imported from the report's file, if anything. */
  getImport(reportId: string): Promise<ImportRecord | undefined>;
  /** Every import, in the order they were made. */
  listImports(): Promise<ImportRecord[]>;
  /**
   * Replaces the report's rows, settlements and warnings with what `fill` writes, atomically:
   * when `fill` throws, the previous rows stay as they were. Re-picks the active copy of every
   * settlement the report held before or holds now (the copy Amazon created last wins).
   */
  replaceReportRows<T>(report: ReportRef, fill: (writer: RowWriter) => Promise<T>): Promise<T>;
  /** Settlements, ordered by period start (copies of one SettlementId by report id). */
  listSettlements(filter?: SettlementFilter): Promise<StoredSettlement[]>;
  /** The first `limit` warnings of a report's import, by line, and how many there are. */
  reportWarnings(reportId: string, limit: number): Promise<{ total: number; warnings: StoredWarning[] }>;
  /** How many rows the store holds per (report, settlement): reconcile checks them against the count the import made. */
  settlementRowCounts(): Promise<Array<{ reportId: string; settlementId: string; rows: number }>>;
  /** Settlement rows of the active copies, by posted time, in batches (a large export never sits in memory). */
  settlementRows(filter?: { since?: string; until?: string }): AsyncIterable<ExportedRow[]>;
  /** The same rows as arrays of cells in EXPORTED_ROW_COLUMNS order: no object per row, for exports. */
  settlementRowCells(filter?: { since?: string; until?: string }): AsyncIterable<ExportedRowCells[]>;
  /**
   * The same rows, each as one string: its cells in EXPORTED_ROW_COLUMNS order joined by
   * ROW_TEXT_SEPARATOR, null as nothing, so a CSV export makes no string per cell. A row whose own
   * text holds the separator comes as its cells instead: a string always splits into one part per column.
   */
  settlementRowTexts(filter?: { since?: string; until?: string }): AsyncIterable<Array<string | ExportedRowCells>>;

  /** Every report a backfill created (`sync --backfill`), by range start then report type. */
  listBackfillRequests(): Promise<BackfillRequest[]>;
  /**
   * Records the report created for a type and range, in state `requested`. A later attempt for
   * the same type and range replaces the earlier one; an earlier attempt never replaces a later.
   */
  recordBackfillRequest(request: NewBackfillRequest): Promise<void>;
  /** Moves a recorded request to `state` (`error` says why, for `failed`); StoreError when none is recorded. */
  setBackfillState(key: BackfillKey, state: BackfillState, error?: string): Promise<void>;

  /** The engine's own consistency check, plus the schema version. */
  checkIntegrity(): Promise<IntegrityReport>;
  close(): Promise<void>;
}
