import type { ParsedRecord, ParseWarning } from '../reports/parsed-record.js';
import type { ReadOptions, ReadResult } from './report-reading.js';
import type { EncodedSettlementBatch } from './settlement-batch-codec.js';
import type { WorkerError } from './worker-error.js';

/** What the parse worker is started with. */
export interface WorkerData {
  path: string;
  options: ReadOptions;
  /** Steps it may post before the importing thread has taken any. */
  credit: number;
}

/** What the parse worker posts; the importing thread answers each `step` with one message (one more credit). */
export type WorkerMessage =
  | { type: 'step'; settlement?: EncodedSettlementBatch; records?: ParsedRecord[]; warnings: ParseWarning[] }
  | { type: 'end'; result: ReadResult }
  | { type: 'error'; error: WorkerError };
