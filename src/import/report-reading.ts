import type { ParsedRecord, ParseSummary, ParseWarning, ReportKind } from '../reports/parsed-record.js';
import { readFileChunks } from '../reports/parse-report-file.js';
import { parseReport } from '../reports/parse-report.js';
import { hashedChunks } from './hashed-chunks.js';
import { SettlementAccumulator, type SettlementTotals } from './settlement-accumulator.js';

/** How an import reads a report file (plain data, so a worker thread can be handed it too). */
export interface ReadOptions {
  kind: ReportKind | undefined;
  onBadRow: 'warn' | 'error';
  maxWarnings: number;
  /** The file's SHA-256 and size when already known; otherwise they are taken from the reads the parser makes. */
  digest?: { sha256: string; bytes: number } | undefined;
}

/** One step of reading: the records of a chunk (maybe none) and the warnings met while reading it. */
export interface ReadStep {
  records: ParsedRecord[];
  warnings: ParseWarning[];
}

/** What reading produced, once the last step has been taken. */
export interface ReadResult {
  summary: ParseSummary;
  sha256: string;
  bytes: number;
  /** Per-settlement totals of the settlement rows, in exact minor units. */
  totals: SettlementTotals[];
}

/** A report file being read and parsed, step by step; in this thread or in a worker (read-report-in-worker.ts). */
export interface ReportReading {
  /** The next step, or undefined once the file is read to its end. */
  next(): Promise<ReadStep | undefined>;
  /** Complete once `next` has returned undefined. */
  result(): ReadResult;
  /** Stops reading and closes the file; safe to call at any time, and twice. */
  close(): Promise<void>;
}

/** Reads, hashes, parses and totals a report file in this thread. */
export function readReportInThread(path: string, options: ReadOptions): ReportReading {
  const known = options.digest;
  const source = known ? { chunks: readFileChunks(path), digest: () => known } : hashedChunks(path);
  const warnings: ParseWarning[] = [];
  const parsed = parseReport(source.chunks, {
    file: path, kind: options.kind, onBadRow: options.onBadRow, maxWarnings: options.maxWarnings,
    onWarning: (w) => warnings.push(w),
  });
  const batches = parsed.batches()[Symbol.asyncIterator]();
  const accumulator = new SettlementAccumulator();
  let ended = false;
  return {
    async next() {
      if (!ended) {
        const r = await batches.next();
        if (!r.done) {
          for (const record of r.value) if (record.kind === 'settlement') accumulator.add(record);
          return { records: r.value, warnings: warnings.splice(0) };
        }
        ended = true;
      }
      // Warnings of the file's end (a missing Transfer row, …) come after its last records.
      return warnings.length > 0 ? { records: [], warnings: warnings.splice(0) } : undefined;
    },
    result() {
      if (!ended) throw new Error(`${path} is not read to its end yet`);
      // The parser ends only at the end of input, so the hash covers every byte.
      return { summary: parsed.summary, ...source.digest(), totals: accumulator.totals() };
    },
    async close() {
      await batches.return?.(undefined);
    },
  };
}
