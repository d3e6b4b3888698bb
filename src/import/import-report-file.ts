import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { ConfigError } from '../errors.js';
import { formatMinor } from '../reports/money.js';
import type { ReportKind, SettlementPreamble } from '../reports/parsed-record.js';
import { kindForReportType } from '../reports/kind-for-report-type.js';
import type { Store } from '../store/store.js';
import type { ImportedSettlement, ReportRef, RowWriter } from '../store/stored-report.js';
import { parseWorkerAvailable, readReportInWorker } from './read-report-in-worker.js';
import { readReportInThread, type ReadOptions, type ReadStep, type ReportReading } from './report-reading.js';
import type { SettlementTotals } from './settlement-accumulator.js';

/**
 * From this size a file is parsed in a worker thread while this one inserts. Below it, starting
 * the worker (~30 ms: a thread and the parser's modules) would cost more than the overlap saves.
 */
export const WORKER_MIN_BYTES = 8 * 1024 * 1024;

/** What an import did. */
export interface ImportResult {
  reportId: string;
  kind: ReportKind;
  sha256: string;
  bytes: number;
  /** Records stored (settlement or transaction rows). */
  rows: number;
  warnings: number;
  settlementIds: string[];
  /** True when the same report with the same bytes was already imported: nothing changed. */
  skipped: boolean;
}

/** Options for importReportFile. */
export interface ImportOptions {
  /** A broken row: record a `bad-row` warning and go on (default), or fail the import. */
  onBadRow?: 'warn' | 'error';
  /**
   * Parse in a worker thread while this thread inserts: default for files of WORKER_MIN_BYTES and
   * more (when the package's compiled worker module is there); `true` always, `false` never.
   */
  parseInWorker?: boolean;
}

/**
 * Imports one downloaded report file into the store, atomically and idempotently.
 *
 * - Same reportId, same bytes (sha256): nothing changes (`skipped`).
 * - Same reportId, new bytes: its earlier rows are replaced.
 * - A SettlementId already imported from another report: both copies are kept (reconcile reports
 *   the duplicate) and exactly one is `active` — the report Amazon created last (reports.created_time),
 *   else the one imported last — so totals are never double-counted.
 *
 * The whole import is one store transaction (`replaceReportRows`) while the file streams through
 * in batches, so a failed import leaves the previous rows intact. A large file is read and parsed
 * in a worker thread meanwhile, so parsing overlaps the inserts.
 */
export async function importReportFile(
  store: Store,
  report: ReportRef,
  filePath: string,
  options: ImportOptions = {},
): Promise<ImportResult> {
  const previous = await store.getImport(report.reportId);
  // Only a report imported before can be skipped, and only a hash taken first can skip it; a first
  // import hashes the bytes as the parser reads them (one pass over the file, not two).
  const known = previous ? await hashFile(filePath) : undefined;
  if (previous && known && previous.sha256 === known.sha256) {
    return {
      reportId: report.reportId, kind: previous.reportKind as ReportKind, sha256: known.sha256, bytes: known.bytes, rows: previous.rowCount,
      warnings: previous.warningCount, settlementIds: previous.settlementIds, skipped: true,
    };
  }
  const readOptions: ReadOptions = { kind: kindForReportType(report.reportType), onBadRow: options.onBadRow ?? 'warn', maxWarnings: 100, digest: known };
  const reading = (await useWorker(filePath, options.parseInWorker)) ? readReportInWorker(filePath, readOptions) : readReportInThread(filePath, readOptions);
  try {
    // Opened and its first chunk parsed before the store's transaction: a missing or unreadable
    // file, or one that is not a report, fails as itself and never holds the write lock.
    const first = await reading.next();
    return await store.replaceReportRows(report, (writer) => fill(writer, reading, first));
  } finally {
    await reading.close();
  }

  async function fill(writer: RowWriter, reading: ReportReading, first: ReadStep | undefined): Promise<ImportResult> {
    let rows = 0;
    let warnings = 0;
    for (let step = first; step; step = await reading.next()) {
      if (step.records.length > 0) await writer.addRecords(step.records);
      rows += step.records.length;
      if (step.warnings.length > 0) {
        await writer.addWarnings(step.warnings.map((w) => ({ line: w.line ?? null, code: w.code, message: w.message })));
        warnings += step.warnings.length;
      }
    }
    const { summary, sha256, bytes, totals } = reading.result();
    const kind = summary.kind ?? 'generic';
    if ((kind === 'settlement' || kind === 'sandbox-settlement') && totals.length === 0 && summary.preamble) {
      // A settlement without rows still exists (a period with no activity); it has no SettlementId column to read.
      await writer.addWarnings([{ line: null, code: 'no-rows', message: 'settlement file has no transaction rows' }]);
      warnings++;
    }
    await writer.finish({
      reportKind: kind, filePath, sha256, bytes, rowCount: rows,
      settlements: totals.map((t) => importedSettlement(summary.preamble, t)),
    });
    return { reportId: report.reportId, kind, sha256, bytes, rows, warnings, settlementIds: totals.map((t) => t.settlementId), skipped: false };
  }
}

async function useWorker(path: string, wanted: boolean | undefined): Promise<boolean> {
  if (wanted === false) return false;
  if (!parseWorkerAvailable()) {
    if (wanted) throw new ConfigError('parseInWorker: the compiled parse worker (dist/import/parse-worker.js) is missing; build the package, or leave parseInWorker unset');
    return false;
  }
  // A file that cannot be stat'ed is read in this thread, which reports the problem as itself.
  return wanted === true || ((await stat(path).catch(() => undefined))?.size ?? 0) >= WORKER_MIN_BYTES;
}

function importedSettlement(p: SettlementPreamble | undefined, t: SettlementTotals): ImportedSettlement {
  const m = (v: bigint) => formatMinor(v, t.currency);
  return {
    settlementId: t.settlementId, sellerId: p?.sellerId ?? null, startRaw: p?.start?.raw ?? null, startAt: p?.start?.iso ?? null,
    endRaw: p?.end?.raw ?? null, endAt: p?.end?.iso ?? null, currency: t.currency, rowCount: t.rowCount,
    captures: m(t.captures), refunds: m(t.refunds), fees: m(t.fees), chargebacks: m(t.chargebacks), adjustments: m(t.adjustments),
    reserve: m(t.reserve), net: m(t.net), payout: m(t.payout), transferCount: t.transferCount,
    firstPostedAt: t.firstPostedAt ?? null, lastPostedAt: t.lastPostedAt ?? null,
  };
}

async function hashFile(path: string): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1024 * 1024 }) as AsyncIterable<Buffer>) {
    hash.update(chunk);
    bytes += chunk.byteLength;
  }
  return { sha256: hash.digest('hex'), bytes };
}
