import type { Report } from '../client/types.js';
import { toWireReportType } from '../client/validate-input.js';
import { formatIso, parseTime } from '../dates.js';
import { downloadReport, prefetchDocument } from '../download/download-report.js';
import type { PrefetchedDocument } from '../download/download-types.js';
import { isLocalFsError } from '../download/local-write-error.js';
import { AbortError, ConfigError, RateLimitError, safeMessage } from '../errors.js';
import { redact } from '../redact.js';
import { importReportFile } from '../import/import-report-file.js';
import { identityOf } from '../store/store-identity.js';
import type { StoredReport, StoreIdentity } from '../store/stored-report.js';
import { limitClient } from './limit-client.js';
import { nextCheckpoint, planSync, statusRank, type StoredReportState, type SyncPlan } from './plan.js';
import { createImportQueue } from './import-queue.js';
import type { RateLimiter } from './rate-limiter.js';
import { learnedRates, runLimiter } from './run-limiter.js';
import { runPool } from './run-pool.js';
import { WorkQueue } from './work-queue.js';
import { isStoredSafely } from './stored-safely.js';
import { withRunLock } from './with-run-lock.js';
import type { SyncEvent, SyncOptions, SyncSummary } from './sync-types.js';
import { DEFAULT_OVERLAP_MS, listingWindow, RELIST_EVERY_MS, RETENTION_MS, SHORT_OVERLAP_MS } from './window.js';

export type { SyncEvent, SyncOptions, SyncSummary } from './sync-types.js';

export { DEFAULT_RATE_LIMIT } from './run-limiter.js';
/**
 * Downloads in flight: chosen by bench:sync (500 reports at 50 ms latency, idle machine): at 8,
 * 12.5x the sequential SDK flow and 1.24x its latency bound; 16 is faster (20x) but 1.36x its
 * bound (local work starts to show), 32 is 1.8x.
 */
export const DEFAULT_CONCURRENCY = 8;
/** Times a report whose document URL stayed throttled goes back to the end of the queue. */
const THROTTLED_REQUEUES = 3;
const PAGE_SIZE = 100;

/**
 * One incremental sync: check the store belongs to this account, list the window, record every
 * report, download each COMPLETED one not safely stored, re-check unfinished ones, store
 * disbursements, import every stored file not yet imported, then advance the checkpoint only past
 * what is safely stored and imported. Holds the store's sync lock for the whole run.
 */
export async function syncReports(options: SyncOptions): Promise<SyncSummary> {
  const { store, outDir } = options;
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  // Refused before anything is written: a store holds one account's ledger, never two.
  const identity = options.identity === false ? undefined : options.identity ?? identityOf(options.client.info);
  return withRunLock(store, identity, outDir, now, () => run(options, now, started, identity));
}

async function run(options: SyncOptions, now: () => Date, started: number, identity: StoreIdentity | undefined): Promise<SyncSummary> {
  const { store, outDir, signal } = options;
  const emit = options.onEvent ?? (() => undefined);
  // Full API names (short ones mapped), so the checkpoint's name and the re-check filter match the stored reportType.
  const types = options.reportTypes && options.reportTypes.length > 0 ? [...new Set(options.reportTypes.map(toWireReportType))].sort() : undefined;
  // NaN would start no worker at all: a run that reports success having downloaded nothing.
  if (options.concurrency !== undefined && Number.isNaN(options.concurrency)) throw new ConfigError('concurrency must be a number from 1 (downloads in flight at once), got NaN');
  const limiter = runLimiter(options, emit);
  const runId = await store.startRun();
  const checkpointName = types ? `reports:${types.join(',')}` : 'reports';
  const stored = await store.getCheckpoint(checkpointName);
  // The whole overlap is re-listed every few hours, not every run: a rerun with nothing new then
  // costs a page of reports and one of disbursements, however many reports the overlap holds.
  const relistName = `${checkpointName}:overlap-relisted`;
  const relistedText = await store.getCheckpoint(relistName);
  const relisted = relistedText === undefined ? undefined : parseTime(relistedText);
  const sinceRelist = relisted ? now().getTime() - relisted.getTime() : Infinity;
  const shortOverlap = options.overlapMs === undefined && stored !== undefined && sinceRelist >= 0 && sinceRelist < RELIST_EVERY_MS;
  const overlapMs = options.overlapMs ?? (shortOverlap ? SHORT_OVERLAP_MS : DEFAULT_OVERLAP_MS);
  const window = listingWindow({
    now: now(),
    checkpoint: stored === undefined ? undefined : parseTime(stored),
    since: options.since,
    overlapMs,
  });
  const summary: SyncSummary = {
    listed: 0, downloaded: 0, skipped: 0, failed: 0, imported: 0, importFailed: 0, inProgress: 0, cancelled: 0, reportsFailed: 0, disbursements: 0,
    warnings: [], failures: [], apiCalls: 0, throttled: 0, rates: [], bytes: 0, durationMs: 0, checkpoint: stored ?? null,
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
    // Downloads start with the first page: the pool takes reports as the listing finds them.
    const downloads = new WorkQueue<Report>();
    const listing = listAndQueue(client, store, { types, window, signal, shortOverlap, relistName, now }, summary, emit, warn, (r) => downloads.push(r))
      .finally(() => downloads.close());
    const done = new Set<string>();
    const requeues = new Map<string, number>();
    // A full disk or an unwritable folder fails every download alike: stop starting new ones.
    let localFailure: Error | undefined;
    let listingFailure: unknown;
    const stopped = (): boolean => signal?.aborted === true || localFailure !== undefined || listingFailure !== undefined;
    const importing = options.import !== false;
    const importFile = options.importFile ?? ((report: Report, path: string) => importReportFile(options.store, report, path).then(() => undefined));
    const notImported: Report[] = [];
    // Files are imported one at a time as they are stored, while the next ones download.
    const imports = createImportQueue(async (report, path) => {
      if (stopped()) return void notImported.push(report);
      if (!(await importOne(options.store, importFile, report, path, summary, emit, signal))) notImported.push(report);
    });
    // Hashing, fsync, rename and the store's commit run after a worker has moved on to its next
    // transfer; a few more of them than transfers at once (they wait on the disk, not the network).
    const concurrency = options.concurrency ?? DEFAULT_CONCURRENCY;
    const finishing = new Set<Promise<void>>();
    const pool = runPool<Report, PrefetchedDocument | undefined>(downloads, concurrency, async (report, prefetched) => {
      while (finishing.size >= 2 * concurrency + 2) await Promise.race(finishing);
      await new Promise<void>((transferred) => {
        const job = downloadReport({ client, reportId: report.reportId, report, outDir, ...options.download, ...req, ...(prefetched ? { prefetched } : {}), onTransferred: transferred })
          .then(async (file) => {
            await store.recordDownload(report.reportId, { path: file.path, bytes: file.bytes, sha256: file.sha256 });
            done.add(report.reportId);
            summary.downloaded++;
            summary.bytes += file.bytes;
            emit({ type: 'downloaded', reportId: report.reportId, path: file.path, bytes: file.bytes });
            if (importing) imports.push(report, file.path);
          })
          .catch(async (error: unknown) => {
            if (signal?.aborted) return;
            // The server will serve it once the limiter has slowed down: try it again after the others.
            const requeued = requeues.get(report.reportId) ?? 0;
            if (error instanceof RateLimitError && requeued < THROTTLED_REQUEUES) {
              requeues.set(report.reportId, requeued + 1);
              downloads.push(report);
              return;
            }
            if (error instanceof Error && isLocalFsError(error.cause)) localFailure ??= error;
            const message = safeMessage(error);
            await store.recordFailure(report.reportId, message);
            summary.failed++;
            summary.failures.push({ reportId: report.reportId, stage: 'download', message: redact(message) });
            emit({ type: 'failed', reportId: report.reportId, message: redact(message), stage: 'download' });
          })
          .finally(() => {
            finishing.delete(job);
            transferred();
          });
        finishing.add(job);
      });
    }, stopped,
    // Each worker mints its next report's URL while the current file transfers (used only while young).
    (report) => (report.reportDocumentId ? prefetchDocument(client, report.reportDocumentId, signal) : undefined));
    // A listing that fails stops new downloads; those under way finish and are recorded first.
    const plan = await listing.catch((error: unknown) => {
      listingFailure = error;
      return undefined;
    });
    await pool;
    await Promise.all(finishing);
    if (plan === undefined) {
      // What was stored is recorded; its import is left to the next run (it finds leftovers).
      await imports.drain();
      throw listingFailure;
    }

    // Disbursements share the reports' checkpoint: skipped (abort, local failure) or failed, they hold it back below.
    const disbursementsStored = !stopped() && (await syncDisbursements(options, client, window, summary, warn, req, identity));
    await imports.drain();
    if (importing && !stopped()) {
      // Files stored by an earlier run that was killed or failed before importing them.
      for (const r of await importLeftovers(options.store, importFile, imports.seen, summary, emit, signal)) notImported.push(r);
    }

    // Never past a listed report that still needs work, nor one stored but not imported: the next run must see it again.
    const pending = [...plan.inProgress, ...plan.download.filter((r) => !done.has(r.reportId)), ...notImported];
    if (window.advancesCheckpoint) {
      let at = nextCheckpoint(pending, window.createdUntil);
      // Not past this window's start (once the overlap is taken off again): the next run lists its disbursements.
      const holdAt = window.createdSince.getTime() + overlapMs;
      if (!disbursementsStored && at.getTime() > holdAt) at = new Date(holdAt);
      const next = formatIso(at);
      await store.setCheckpoint(checkpointName, next);
      summary.checkpoint = next;
    }
    finishSummary(summary, limiter, started);
    if (localFailure !== undefined) throw localFailure;
    if (signal?.aborted) throw interrupted();
    await store.finishRun(runId, { ...runCounts(summary), status: summary.failed + summary.importFailed > 0 ? 'partial' : 'ok' });
    return summary;
  } catch (error) {
    finishSummary(summary, limiter, started);
    await store.finishRun(runId, { ...runCounts(summary), status: signal?.aborted ? 'interrupted' : 'failed', error: safeMessage(error) }).catch(() => undefined);
    // Whatever an abort surfaced as (a DOMException from fetch, say), the caller sees one AbortError.
    throw signal?.aborted && !(error instanceof AbortError) ? interrupted(error) : error;
  }
}

interface ListingInput {
  types: string[] | undefined;
  window: ReturnType<typeof listingWindow>;
  signal: AbortSignal | undefined;
  shortOverlap: boolean;
  relistName: string;
  now: () => Date;
}

/**
 * Lists the window page by page, recording each page's reports and queueing the COMPLETED ones not
 * safely stored as soon as their page arrives, then re-checks stored reports the listing did not
 * show; returns the plan of the whole listing (its counts, and what the checkpoint must wait for).
 */
async function listAndQueue(
  client: SyncOptions['client'], store: SyncOptions['store'], input: ListingInput, summary: SyncSummary,
  emit: (event: SyncEvent) => void, warn: (message: string, reportId?: string) => void, enqueue: (report: Report) => void,
): Promise<SyncPlan> {
  const { types, window, signal } = input;
  const req = signal ? { signal } : {};
  const listed: Report[] = [];
  const known = new Map<string, StoredReportState | undefined>();
  // The most advanced status seen this run: a later page never records a report back to an earlier one.
  const rank = new Map<string, number>();
  // Each report queued once, though a page boundary may show it twice.
  const queued = new Set<string>();
  const queue = (r: Report): void => {
    if (queued.has(r.reportId)) return;
    queued.add(r.reportId);
    enqueue(r);
  };
  for await (const page of client.reports.pages(
    { ...(types ? { reportTypes: types } : {}), createdSince: window.createdSince, createdUntil: window.createdUntil, pageSize: PAGE_SIZE },
    req,
  )) {
    const record: Report[] = [];
    for (const r of page.items) {
      // One push per item: spreading a huge page into arguments overflows the stack.
      listed.push(r);
      if (!known.has(r.reportId)) {
        const k = await store.getReport(r.reportId);
        known.set(r.reportId, k && storedState(k));
      }
      const to = statusRank(r.processingStatus);
      if ((rank.get(r.reportId) ?? -1) > to) continue;
      rank.set(r.reportId, to);
      record.push(r);
    }
    const pagePlan = planSync(record, (id) => known.get(id));
    // Recorded before queued: a download is recorded against its listed report.
    await store.upsertListedReports(pagePlan.record);
    for (const r of pagePlan.download) queue(r);
    if (queued.size > 0) emit({ type: 'queued', toDownload: queued.size });
  }

  const plan = planSync(listed, (id) => known.get(id), (await store.reportsNeedingWork()).map(storedState));
  if (!input.shortOverlap && window.advancesCheckpoint) await store.setCheckpoint(input.relistName, formatIso(window.createdUntil));
  summary.listed = plan.record.length;
  summary.skipped = plan.skipped.length;
  summary.inProgress = plan.inProgress.length;
  summary.cancelled = plan.cancelled.length;
  summary.reportsFailed = plan.failed.length;

  const retentionStart = input.now().getTime() - RETENTION_MS;
  for (const id of plan.recheck) {
    const stored = await store.getReport(id);
    if (!stored || (types && !types.includes(stored.reportType))) continue;
    // Past retention Amazon no longer has it; asking would only cost a call per run.
    if (Date.parse(stored.createdTime) < retentionStart) continue;
    let report: Report | undefined;
    if (stored.processingStatus === 'COMPLETED' && stored.reportDocumentId) {
      report = asReport(stored);
    } else {
      try {
        const fresh = await client.reports.get(id, req);
        await store.upsertListedReports([fresh]);
        if (fresh.processingStatus === 'COMPLETED') report = fresh;
        else if (fresh.processingStatus === 'CANCELLED') summary.cancelled++;
        else if (fresh.processingStatus === 'FAILED') summary.reportsFailed++;
        else summary.inProgress++;
      } catch (error) {
        if (signal?.aborted) throw error;
        warn(`could not re-check: ${safeMessage(error)}`, id);
      }
    }
    if (report) {
      queue(report);
      emit({ type: 'queued', toDownload: queued.size });
    }
  }
  emit({ type: 'planned', listed: summary.listed, toDownload: queued.size, skipped: summary.skipped, inProgress: summary.inProgress, recheck: plan.recheck.length });
  return plan;
}

/**
 * Imports every stored file that has no import yet and was not tried this run — left by an
 * earlier run killed or failed before its import — one at a time, in createdTime order; returns
 * the reports left unimported.
 */
async function importLeftovers(
  store: SyncOptions['store'], importFile: (report: Report, path: string) => Promise<void>, tried: ReadonlySet<string>,
  summary: SyncSummary, emit: (event: SyncEvent) => void, signal: AbortSignal | undefined,
): Promise<Report[]> {
  const imported = new Set((await store.listImports()).map((i) => i.reportId));
  const waiting = (await store.listReports({ downloaded: true })).filter((r) => !imported.has(r.reportId) && !tried.has(r.reportId));
  const failed: Report[] = [];
  for (const stored of waiting) {
    const report = asReport(stored);
    if (signal?.aborted || !(await importOne(store, importFile, report, stored.filePath as string, summary, emit, signal))) failed.push(report);
  }
  return failed;
}

/** One import; a failure fails the run (the report is named) and is tried again next run. False when it failed. */
async function importOne(
  store: SyncOptions['store'], importFile: (report: Report, path: string) => Promise<void>, report: Report, path: string,
  summary: SyncSummary, emit: (event: SyncEvent) => void, signal: AbortSignal | undefined,
): Promise<boolean> {
  try {
    await importFile(report, path);
    summary.imported++;
    emit({ type: 'imported', reportId: report.reportId });
    return true;
  } catch (error) {
    if (signal?.aborted) return false;
    const message = `stored, but the import failed: ${safeMessage(error)}`;
    await store.recordFailure(report.reportId, message).catch(() => undefined);
    summary.importFailed++;
    summary.failures.push({ reportId: report.reportId, stage: 'import', message });
    emit({ type: 'failed', reportId: report.reportId, message, stage: 'import' });
    return false;
  }
}

async function syncDisbursements(
  options: SyncOptions, client: SyncOptions['client'], window: ReturnType<typeof listingWindow>, summary: SyncSummary,
  warn: (message: string) => void, req: { signal?: AbortSignal }, identity: StoreIdentity | undefined,
): Promise<boolean> {
  let merchantId: string | undefined;
  try {
    for await (const page of client.disbursements.pages({ startTime: window.createdSince, endTime: window.createdUntil, pageSize: PAGE_SIZE }, req)) {
      // The seller id names the merchant: learnt once, and a store of another merchant is refused before these are stored.
      const seller = page.items.find((d) => d.sellerId !== undefined)?.sellerId;
      if (identity && seller !== undefined && seller !== merchantId) {
        await options.store.bindIdentity({ ...identity, merchantId: seller });
        merchantId = seller;
      }
      await options.store.upsertDisbursements(page.items);
      summary.disbursements += page.items.length;
    }
    return true;
  } catch (error) {
    if (error instanceof ConfigError) throw error;
    if (options.signal?.aborted) return false;
    warn(`could not list disbursements (reconcile will lack them until the next sync): ${safeMessage(error)}`);
    return false;
  }
}

/** A stored report counts as safe only if its file is still on disk at the recorded size. */
function storedState(r: StoredReport): StoredReportState {
  return { reportId: r.reportId, processingStatus: r.processingStatus, stored: isStoredSafely(r) };
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

function finishSummary(summary: SyncSummary, limiter: RateLimiter, started: number): void {
  Object.assign(summary, learnedRates(limiter));
  summary.durationMs = Math.round(performance.now() - started);
}

function interrupted(cause?: unknown): AbortError {
  return new AbortError('the sync was interrupted; run it again to continue where it stopped', cause === undefined ? undefined : { cause });
}

function runCounts(s: SyncSummary) {
  return { listed: s.listed, downloaded: s.downloaded, skipped: s.skipped, failed: s.failed + s.importFailed, apiCalls: s.apiCalls };
}
