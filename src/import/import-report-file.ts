import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { formatMinor } from '../reports/money.js';
import type { ParsedRecord, ParseWarning, ReportKind, SettlementPreamble } from '../reports/parsed-record.js';
import { readFileChunks } from '../reports/parse-report-file.js';
import { parseReport } from '../reports/parse-report.js';
import { kindForReportType } from '../reports/kind-for-report-type.js';
import type { Store } from '../store/store.js';
import type { ImportedSettlement, ReportRef, RowWriter } from '../store/stored-report.js';
import { hashedChunks } from './hashed-chunks.js';
import { SettlementAccumulator, type SettlementTotals } from './settlement-accumulator.js';

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
 * in batches, so a failed import leaves the previous rows intact.
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
  const source = known ? { chunks: readFileChunks(filePath), digest: () => known } : hashedChunks(filePath);

  const pendingWarnings: ParseWarning[] = [];
  const parsed = parseReport(source.chunks, {
    file: filePath,
    kind: kindForReportType(report.reportType),
    onBadRow: options.onBadRow ?? 'warn',
    maxWarnings: 100,
    onWarning: (w) => pendingWarnings.push(w),
  });
  const batches = parsed.batches()[Symbol.asyncIterator]();
  try {
    // Opened and its first chunk parsed before the store's transaction: a missing or unreadable
    // file, or one that is not a report, fails as itself and never holds the write lock.
    const first = await batches.next();
    return await store.replaceReportRows(report, (writer) => fill(writer, first));
  } finally {
    await batches.return?.(undefined);
  }

  async function fill(writer: RowWriter, first: IteratorResult<ParsedRecord[]>): Promise<ImportResult> {
    const accumulator = new SettlementAccumulator();
    let rows = 0;
    let warnings = 0;
    const flushWarnings = async (): Promise<void> => {
      if (pendingWarnings.length === 0) return;
      const batch = pendingWarnings.splice(0).map((w) => ({ line: w.line ?? null, code: w.code, message: w.message }));
      warnings += batch.length;
      await writer.addWarnings(batch);
    };
    for (let next = first; !next.done; next = await batches.next()) {
      const batch = next.value;
      for (const r of batch) if (r.kind === 'settlement') accumulator.add(r);
      await writer.addRecords(batch);
      rows += batch.length;
      await flushWarnings();
    }
    await flushWarnings();
    // The parser read the whole file (it ends only at end of input), so the hash is complete.
    const { sha256, bytes } = source.digest();
    const summary = parsed.summary;
    const kind = summary.kind ?? 'generic';
    const totals = accumulator.totals();
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
