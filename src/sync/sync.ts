import { statSync } from 'node:fs';
import type { Report } from '../client/types.js';
import { toWireReportType } from '../client/validate-input.js';
import { formatIso, parseTime } from '../dates.js';
import { cleanStaleTempFiles, downloadReport, prefetchDocument } from '../download/download-report.js';
import type { PrefetchedDocument } from '../download/download-types.js';
import { isLocalFsError } from '../download/local-write-error.js';
import { AbortError, AmazonPayError, ConfigError } from '../errors.js';
import { redact } from '../redact.js';
import { acquireSyncLock } from '../store/lock.js';
import type { StoredReport } from '../store/stored-report.js';
import { ensureWritableDir } from './ensure-writable-dir.js';
import { limitClient } from './limit-client.js';
import { nextCheckpoint, planSync, type StoredReportState } from './plan.js';
import { createRateLimiter } from './rate-limiter.js';
import { runPool } from './run-pool.js';
import type { SyncOptions, SyncSummary } from './sync-types.js';
import { DEFAULT_OVERLAP_MS, listingWindow, RETENTION_MS } from './window.js';

export type { SyncEvent, SyncOptions, SyncSummary } from './sync-types.js';

/**
 * Amazon publishes no quota for the Reports operations (api.md §10); this stays under the
 * per-operation throttle the benchmark gives the emulator (50/s, burst 20). The client still
 * retries a 429; the limiter keeps them rare.
 */
export const DEFAULT_RATE_LIMIT = { ratePerSecond: 40, burst: 20 };
const PAGE_SIZE = 100;

/**
 * One incremental sync: list the window, record every report, download each COMPLETED one not
 * safely stored, re-check unfinished ones, store disbursements, then advance the checkpoint only
 * past what is safely stored. Holds `<db>.lock` for the whole run.
 */
export async function syncReports(options: SyncOptions): Promise<SyncSummary> {
  const { store, outDir } = options;
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  const lock = store.path === ':memory:' ? undefined : acquireSyncLock(store.path, { now });
  try {
    await ensureWritableDir(outDir);
    await cleanStaleTempFiles(outDir);
    return await run(options, now, started);
  } finally {
    lock?.release();
  }
}

async function run(options: SyncOptions, now: () => Date, started: number): Promise<SyncSummary> {
  const { store, outDir, signal } = options;
  const emit = options.onEvent ?? (() => undefined);
  // Full API names (short ones mapped), so the checkpoint's name and the re-check filter match the stored reportType.
  const types = options.reportTypes && options.reportTypes.length > 0 ? [...new Set(options.reportTypes.map(toWireReportType))].sort() : undefined;
  // NaN would start no worker at all: a run that reports success having downloaded nothing.
  if (options.concurrency !== undefined && Number.isNaN(options.concurrency)) throw new ConfigError('concurrency must be a number from 1 (downloads in flight at once), got NaN');
  const limiter = createRateLimiter(options.rateLimit === false ? { ratePerSecond: 1e9, burst: 1e9 } : options.rateLimit ?? DEFAULT_RATE_LIMIT);
  const runId = store.startRun();
  const checkpointName = types ? `reports:${types.join(',')}` : 'reports';
  const stored = store.getCheckpoint(checkpointName);
  const window = listingWindow({
    now: now(),
    checkpoint: stored === undefined ? undefined : parseTime(stored),
    since: options.since,
    ...(options.overlapMs === undefined ? {} : { overlapMs: options.overlapMs }),
  });
  const summary: SyncSummary = {
    listed: 0, downloaded: 0, skipped: 0, failed: 0, inProgress: 0, cancelled: 0, reportsFailed: 0, disbursements: 0,
    warnings: [], failures: [], apiCalls: 0, bytes: 0, durationMs: 0, checkpoint: stored ?? null,
    createdSince: formatIso(window.createdSince), createdUntil: formatIso(window.createdUntil),
  };
  const warn = (message: string, reportId?: string): void => {
    const text = redact(message);
    summary.warnings.push(reportId ? `${reportId}: ${text}` : text);
    emit({ type: 'warning', message: text, ...(reportId ? { reportId } : {}) });
  };
  const client = limitClient(options.client, limiter, () => void summary.apiCalls++);
  const req = signal ? { signal } : {};
  emit({ type: 'window', createdSince: summary.createdSince, createdUntil: summary.createdUntil });

  try {
    const listed: Report[] = [];
    for await (const page of client.reports.pages(
      { ...(types ? { reportTypes: types } : {}), createdSince: window.createdSince, createdUntil: window.createdUntil, pageSize: PAGE_SIZE },
      req,
    )) {
      // One push per item: spreading a huge page into arguments overflows the stack.
      for (const item of page.items) listed.push(item);
    }

    const plan = planSync(listed, (id) => {
      const known = store.getReport(id);
      return known && storedState(known);
    }, store.reportsNeedingWork().map(storedState));
    store.transaction(() => {
      for (const r of plan.record) store.upsertListedReport(r);
    });
    summary.listed = plan.record.length;
    summary.skipped = plan.skipped.length;
    summary.inProgress = plan.inProgress.length;
    summary.cancelled = plan.cancelled.length;
    summary.reportsFailed = plan.failed.length;

    const downloads = [...plan.download];
    const retentionStart = now().getTime() - RETENTION_MS;
    for (const id of plan.recheck) {
      const known = store.getReport(id);
      if (!known || (types && !types.includes(known.reportType))) continue;
      // Past retention Amazon no longer has it; asking would only cost a call per run.
      if (Date.parse(known.createdTime) < retentionStart) continue;
      if (known.processingStatus === 'COMPLETED' && known.reportDocumentId) {
        downloads.push(asReport(known));
        continue;
      }
      try {
        const fresh = await client.reports.get(id, req);
        store.upsertListedReport(fresh);
        if (fresh.processingStatus === 'COMPLETED') downloads.push(fresh);
        else if (fresh.processingStatus === 'CANCELLED') summary.cancelled++;
        else if (fresh.processingStatus === 'FAILED') summary.reportsFailed++;
        else summary.inProgress++;
      } catch (error) {
        if (signal?.aborted) throw error;
        warn(`could not re-check: ${messageOf(error)}`, id);
      }
    }
    emit({ type: 'planned', listed: summary.listed, toDownload: downloads.length, skipped: summary.skipped, inProgress: summary.inProgress, recheck: plan.recheck.length });

    const done = new Set<string>();
    const toImport: Array<{ report: Report; path: string }> = [];
    // A full disk or an unwritable folder fails every download alike: stop starting new ones.
    let localFailure: Error | undefined;
    await runPool<Report, PrefetchedDocument | undefined>(downloads, options.concurrency ?? 4, async (report, prefetched) => {
      try {
        const file = await downloadReport({ client, reportId: report.reportId, report, outDir, ...options.download, ...req, ...(prefetched ? { prefetched } : {}) });
        store.recordDownload(report.reportId, { path: file.path, bytes: file.bytes, sha256: file.sha256 });
        done.add(report.reportId);
        summary.downloaded++;
        summary.bytes += file.bytes;
        emit({ type: 'downloaded', reportId: report.reportId, path: file.path, bytes: file.bytes });
        toImport.push({ report, path: file.path });
      } catch (error) {
        if (signal?.aborted) return;
        if (error instanceof Error && isLocalFsError(error.cause)) localFailure ??= error;
        const message = messageOf(error);
        store.recordFailure(report.reportId, message);
        summary.failed++;
        summary.failures.push({ reportId: report.reportId, message: redact(message) });
        emit({ type: 'failed', reportId: report.reportId, message: redact(message) });
      }
    }, () => signal?.aborted === true || localFailure !== undefined,
    // Each worker mints its next report's URL while the current file transfers (used only while young).
    (report) => (report.reportDocumentId ? prefetchDocument(client, report.reportDocumentId, signal) : undefined));

    // Disbursements share the reports' checkpoint: skipped (abort, local failure) or failed, they hold it back below.
    const disbursementsStored = !signal?.aborted && localFailure === undefined
      && (await syncDisbursements(options, client, window, summary, warn, req));
    if (options.importFile && !signal?.aborted && localFailure === undefined) {
      // Stored files listed again are offered too: a run killed between download and import left
      // them unimported, and the checkpoint had not moved, so the window still shows them.
      for (const r of plan.skipped) {
        const path = store.getReport(r.reportId)?.filePath;
        if (path) toImport.push({ report: r, path });
      }
      await importAll(options.importFile, toImport, warn, signal);
    }

    // Never past a listed report that still needs work: it must be listed again next run.
    const pending = [...plan.inProgress, ...plan.download.filter((r) => !done.has(r.reportId))];
    if (window.advancesCheckpoint) {
      let at = nextCheckpoint(pending, window.createdUntil);
      // Not past this window's start (once the overlap is taken off again): the next run lists its disbursements.
      const holdAt = window.createdSince.getTime() + (options.overlapMs ?? DEFAULT_OVERLAP_MS);
      if (!disbursementsStored && at.getTime() > holdAt) at = new Date(holdAt);
      const next = formatIso(at);
      store.setCheckpoint(checkpointName, next);
      summary.checkpoint = next;
    }
    summary.durationMs = Math.round(performance.now() - started);
    if (localFailure !== undefined) throw localFailure;
    if (signal?.aborted) throw interrupted();
    store.finishRun(runId, { ...runCounts(summary), status: summary.failed > 0 ? 'partial' : 'ok' });
    return summary;
  } catch (error) {
    summary.durationMs = Math.round(performance.now() - started);
    store.finishRun(runId, { ...runCounts(summary), status: signal?.aborted ? 'interrupted' : 'failed', error: messageOf(error) });
    // Whatever an abort surfaced as (a DOMException from fetch, say), the caller sees one AbortError.
    throw signal?.aborted && !(error instanceof AbortError) ? interrupted(error) : error;
  }
}

/**
 * One at a time, after every download has been recorded: an import holds a transaction on the
 * store's connection across awaits, so no other write may interleave with it.
 */
async function importAll(
  importFile: NonNullable<SyncOptions['importFile']>, files: ReadonlyArray<{ report: Report; path: string }>,
  warn: (message: string, reportId?: string) => void, signal: AbortSignal | undefined,
): Promise<void> {
  for (const { report, path } of files) {
    if (signal?.aborted) return;
    try {
      await importFile(report, path);
    } catch (error) {
      warn(`stored, but the import failed: ${messageOf(error)}`, report.reportId);
    }
  }
}

async function syncDisbursements(
  options: SyncOptions, client: SyncOptions['client'], window: ReturnType<typeof listingWindow>, summary: SyncSummary,
  warn: (message: string) => void, req: { signal?: AbortSignal },
): Promise<boolean> {
  try {
    for await (const page of client.disbursements.pages({ startTime: window.createdSince, endTime: window.createdUntil, pageSize: PAGE_SIZE }, req)) {
      options.store.transaction(() => {
        for (const d of page.items) options.store.upsertDisbursement(d);
      });
      summary.disbursements += page.items.length;
    }
    return true;
  } catch (error) {
    if (options.signal?.aborted) return false;
    warn(`could not list disbursements (reconcile will lack them until the next sync): ${messageOf(error)}`);
    return false;
  }
}

/** A stored report counts as safe only if its file is still on disk at the recorded size. */
function storedState(r: StoredReport): StoredReportState {
  let safe = false;
  if (r.filePath && r.sha256 && r.bytes !== undefined) {
    try {
      safe = statSync(r.filePath).size === r.bytes;
    } catch {
      safe = false;
    }
  }
  return { reportId: r.reportId, processingStatus: r.processingStatus, stored: safe };
}

function asReport(r: StoredReport): Report {
  const { reportId, reportType, processingStatus, createdTime, startTime, endTime, processingStartTime, processingEndTime, reportDocumentId } = r;
  return {
    reportId, reportType, processingStatus, createdTime,
    ...(startTime === undefined ? {} : { startTime }),
    ...(endTime === undefined ? {} : { endTime }),
    ...(processingStartTime === undefined ? {} : { processingStartTime }),
    ...(processingEndTime === undefined ? {} : { processingEndTime }),
    ...(reportDocumentId === undefined ? {} : { reportDocumentId }),
  };
}

function interrupted(cause?: unknown): AbortError {
  return new AbortError('the sync was interrupted; run it again to continue where it stopped', cause === undefined ? undefined : { cause });
}

function runCounts(s: SyncSummary) {
  return { listed: s.listed, downloaded: s.downloaded, skipped: s.skipped, failed: s.failed, apiCalls: s.apiCalls };
}

function messageOf(error: unknown): string {
  if (error instanceof AmazonPayError) return error.message;
  return redact(error instanceof Error ? error.message : String(error));
}
