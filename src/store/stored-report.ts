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
