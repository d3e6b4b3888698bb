import type { Report } from '../client/types.js';
import { formatIso } from '../dates.js';
import { downloadReport } from '../download/download-report.js';
import { isLocalFsError } from '../download/local-write-error.js';
import { AbortError, AmazonPayError, ApiError, ConfigError, NotFoundError, safeMessage } from '../errors.js';
import { importReportFile } from '../import/import-report-file.js';
import { redact } from '../redact.js';
import { shortReportType } from '../report-types.js';
import { identityOf } from '../store/store-identity.js';
import type { BackfillKey, BackfillRequest } from '../store/stored-report.js';
import { backfillIdempotencyKey } from './backfill-key.js';
import { backfillMonths, checkBackfillSince, type BackfillMonth } from './backfill-months.js';
import { backfillReportTypes } from './backfill-report-types.js';
import type { BackfillOptions, BackfillOutcome, BackfillStage, BackfillSummary } from './backfill-types.js';
import { limitClient } from './limit-client.js';
import { pollReport } from './poll-report.js';
import type { RateLimiter } from './rate-limiter.js';
import { learnedRates, runLimiter } from './run-limiter.js';
import { runPool } from './run-pool.js';
import { withRunLock } from './with-run-lock.js';
import { isStoredSafely } from './stored-safely.js';

export type { BackfillEvent, BackfillOptions, BackfillOutcome, BackfillSummary } from './backfill-types.js';

/** A report replayed or recorded but gone (past Amazon's 90 days) is asked for again, at most this often per run. */
const MAX_GONE = 5;

type MonthReport = BackfillSummary['months'][number]['reports'][number];

/**
 * History older than the 90 days Get Reports lists: for every month from `since` and every
 * report type Create Report can make, create the report (once: each is recorded in the store
 * right after Amazon answers, with an idempotency key derived from the type, range and attempt),
 * wait for it, download and import it as the sync would, so reconcile and the exports see it.
 * Months with no data end CANCELLED and are recorded, never asked again. Resumable at any point:
 * a rerun picks up what was created and never creates it again. Holds the store's sync lock.
 */
export async function backfillReports(options: BackfillOptions): Promise<BackfillSummary> {
  const { store, outDir } = options;
  const now = options.now ?? (() => new Date());
  const started = performance.now();
  checkBackfillSince(options.since, now());
  if (options.concurrency !== undefined && !(options.concurrency >= 1))
    throw new ConfigError(`concurrency must be a number from 1 (months worked on at once), got ${String(options.concurrency)}`);
  const identity = options.identity === false ? undefined : options.identity ?? identityOf(options.client.info);
  const types = backfillReportTypes((identity ?? identityOf(options.client.info)).environment, options.reportTypes);
  return withRunLock(store, identity, outDir, now, () => run(options, types, now, started));
}

async function run(options: BackfillOptions, types: string[], now: () => Date, started: number): Promise<BackfillSummary> {
  const { store, outDir, signal } = options;
  const emit = options.onEvent ?? (() => undefined);
  const months = backfillMonths(options.since, now());
  const maxAttempts = options.maxAttempts ?? 3;
  const summary: BackfillSummary = {
    since: formatIso(options.since), until: formatIso(months[months.length - 1]?.end ?? options.since), reportTypes: types,
    requested: 0, alreadyDone: 0, downloaded: 0, imported: 0, cancelled: 0, reportsFailed: 0, pending: 0, failed: 0,
    failures: [], warnings: [], apiCalls: 0, throttled: 0, rates: [], bytes: 0, durationMs: 0,
    months: months.map((m) => ({ month: m.month, startTime: formatIso(m.start), endTime: formatIso(m.end), reports: [] })),
  };
  const warn = (message: string): void => {
    const text = redact(message);
    summary.warnings.push(text);
    emit({ type: 'warning', message: text });
  };
  const limiter = runLimiter(options, emit);
  const client = limitClient(options.client, limiter, () => void summary.apiCalls++);
  const req = signal ? { signal } : {};
  const runId = await store.startRun();

  const recorded = new Map((await store.listBackfillRequests()).map((r) => [keyOf(r), r]));
  const finished = (r: BackfillRequest | undefined): boolean =>
    r !== undefined && (r.state === 'imported' || r.state === 'cancelled' || (r.state === 'failed' && r.attempt >= maxAttempts));
  const earlierDone = (m: BackfillMonth): number => types.filter((t) => finished(recorded.get(keyOf(keyFor(m, t))))).length;
  emit({ type: 'planned', months: months.length, reportTypes: types, reports: months.length * types.length, alreadyDone: months.reduce((n, m) => n + earlierDone(m), 0) });

  // Create Report refusing a type (400) refuses it for every month: asked once, not once a month.
  const refused = new Map<string, string>();
  let localFailure: Error | undefined;

  /** One report type of one month, from wherever an earlier run left it to its end state. */
  const one = async (m: BackfillMonth, reportType: string): Promise<MonthReport> => {
    const key = keyFor(m, reportType);
    const earlier = recorded.get(keyOf(key));
    let reportId = earlier?.reportId;
    const done = (outcome: BackfillOutcome, wasEarlier = false): MonthReport => {
      emit({ type: 'report-done', month: m.month, reportType, ...(reportId ? { reportId } : {}), outcome, earlier: wasEarlier });
      return { reportType, ...(reportId ? { reportId } : {}), outcome };
    };
    if (earlier && finished(earlier)) {
      summary.alreadyDone++;
      return done(earlier.state === 'failed' ? 'failed' : earlier.state === 'cancelled' ? 'cancelled' : 'imported', true);
    }
    // An object, not a let: the closures below move it on, and the catch reads where it got to.
    const at: { stage: BackfillStage } = { stage: 'create' };
    let attempt = earlier?.attempt ?? 0;
    let fresh = false;
    const create = async (): Promise<string> => {
      at.stage = 'create';
      const refusal = refused.get(reportType);
      if (refusal !== undefined) throw new AmazonPayError(refusal);
      attempt++;
      const idempotencyKey = backfillIdempotencyKey({ publicKeyId: options.client.info.publicKeyId, ...key, attempt });
      const created = await client.reports.create({ reportType, startTime: m.start, endTime: m.end }, { ...req, idempotencyKey });
      await store.recordBackfillRequest({ ...key, attempt, reportId: created.reportId });
      summary.requested++;
      fresh = true;
      emit({ type: 'requested', month: m.month, reportType, reportId: created.reportId, attempt });
      return created.reportId;
    };
    try {
      if (reportId === undefined || earlier?.state === 'failed') reportId = await create();
      let report: Report | undefined;
      for (let gone = 0; report === undefined; gone++) {
        at.stage = 'wait';
        try {
          report = await pollReport(client, reportId, {
            timeoutMs: options.waitTimeoutMs ?? 30 * 60_000, waitFirst: fresh, ...options.poll, now, ...req,
            ...(options.sleep ? { sleep: options.sleep } : {}),
          });
        } catch (error) {
          if (!(error instanceof NotFoundError) || gone >= MAX_GONE) throw error;
          warn(`${m.month} ${shortReportType(reportType)} report ${reportId} is gone (Amazon keeps reports 90 days); requesting it again`);
          reportId = await create();
        }
      }
      await store.upsertListedReports([report]);
      if (report.processingStatus === 'COMPLETED') {
        at.stage = 'download';
        await fetchAndImport(report, () => (at.stage = 'import'));
        await store.setBackfillState(key, 'imported');
        return done('imported');
      }
      if (report.processingStatus === 'CANCELLED') {
        summary.cancelled++;
        await store.setBackfillState(key, 'cancelled');
        return done('cancelled');
      }
      if (report.processingStatus === 'FAILED') {
        summary.reportsFailed++;
        const again = attempt < maxAttempts ? 'the next run requests it again' : 'it is not requested again';
        await store.setBackfillState(key, 'failed', `Amazon marked report ${report.reportId} FAILED (attempt ${attempt} of ${maxAttempts}; ${again})`);
        return done('failed');
      }
      summary.pending++;
      warn(`${m.month} ${shortReportType(reportType)} report ${report.reportId} is still ${report.processingStatus}; run the backfill again later to fetch it (it is not requested again)`);
      return done('pending');
    } catch (error) {
      if (signal?.aborted) throw error;
      if (error instanceof Error && isLocalFsError(error.cause)) localFailure ??= error;
      const message = safeMessage(error);
      if (at.stage === 'create' && error instanceof ApiError && error.status === 400 && !refused.has(reportType))
        refused.set(reportType, `Create Report refused ${reportType} earlier in this run: ${message}`);
      if (reportId !== undefined && (at.stage === 'download' || at.stage === 'import')) await store.recordFailure(reportId, message).catch(() => undefined);
      summary.failed++;
      summary.failures.push({ month: m.month, reportType, ...(reportId ? { reportId } : {}), stage: at.stage, message });
      emit({ type: 'failed', month: m.month, reportType, ...(reportId ? { reportId } : {}), stage: at.stage, message });
      return done('error');
    }
  };

  /** Downloads the report unless its file is already safely stored, then imports it (an identical import changes nothing). */
  const fetchAndImport = async (report: Report, importing: () => void): Promise<void> => {
    const stored = await store.getReport(report.reportId);
    let path: string;
    if (stored && isStoredSafely(stored)) {
      path = stored.filePath;
    } else {
      const file = await downloadReport({ client, reportId: report.reportId, report, outDir, ...options.download, ...req });
      await store.recordDownload(report.reportId, { path: file.path, bytes: file.bytes, sha256: file.sha256 });
      summary.downloaded++;
      summary.bytes += file.bytes;
      path = file.path;
    }
    importing();
    if (!(await importReportFile(store, report, path)).skipped) summary.imported++;
  };

  try {
    const work = months.map((m, i) => ({ m, month: summary.months[i] as BackfillSummary['months'][number] }));
    await runPool(work, options.concurrency ?? 4, async ({ m, month }) => {
      emit({ type: 'month-started', month: m.month, reports: types.length, alreadyDone: earlierDone(m) });
      // Every type settles before the month counts as done, so nothing writes after an abort surfaces.
      const settled = await Promise.allSettled(types.map((t) => one(m, t)));
      if (signal?.aborted) return;
      const rejected = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (rejected) throw rejected.reason;
      month.reports = settled.map((s) => (s as PromiseFulfilledResult<MonthReport>).value);
      const outcomes: Partial<Record<BackfillOutcome, number>> = {};
      for (const r of month.reports) outcomes[r.outcome] = (outcomes[r.outcome] ?? 0) + 1;
      emit({ type: 'month-done', month: m.month, outcomes });
    }, () => signal?.aborted === true || localFailure !== undefined);
    finishSummary(summary, limiter, started);
    if (localFailure !== undefined) throw localFailure;
    if (signal?.aborted) throw interrupted();
    await store.finishRun(runId, { ...runCounts(summary, months.length * types.length), status: summary.failed > 0 ? 'partial' : 'ok' });
    return summary;
  } catch (error) {
    finishSummary(summary, limiter, started);
    await store.finishRun(runId, { ...runCounts(summary, months.length * types.length), status: signal?.aborted ? 'interrupted' : 'failed', error: safeMessage(error) })
      .catch(() => undefined);
    throw signal?.aborted && !(error instanceof AbortError) ? interrupted(error) : error;
  }
}

function finishSummary(summary: BackfillSummary, limiter: RateLimiter, started: number): void {
  Object.assign(summary, learnedRates(limiter));
  summary.durationMs = Math.round(performance.now() - started);
}

function keyFor(m: BackfillMonth, reportType: string): BackfillKey {
  return { reportType, startTime: formatIso(m.start), endTime: formatIso(m.end) };
}

function keyOf(k: BackfillKey): string {
  return `${k.reportType}|${k.startTime}|${k.endTime}`;
}

function runCounts(s: BackfillSummary, listed: number) {
  return { listed, downloaded: s.downloaded, skipped: s.alreadyDone, failed: s.failed, apiCalls: s.apiCalls };
}

function interrupted(cause?: unknown): AbortError {
  return new AbortError('the backfill was interrupted; run it again to continue where it stopped (nothing is requested twice)', cause === undefined ? undefined : { cause });
}
