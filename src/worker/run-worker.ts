import { setMaxListeners } from 'node:events';
import pg from 'pg';
import PgBoss from 'pg-boss';
import { AbortError } from '../errors.js';
import type { Merchant } from '../merchants/merchant.js';
import { openPostgresMerchants } from '../store/postgres/postgres-merchants.js';
import { safeDatabaseUrl, toPostgresError } from '../store/postgres/to-postgres-error.js';
import { syncMerchant, type SyncMerchantContext } from './sync-merchant.js';
import type { RateLimiter } from '../sync/rate-limiter.js';

/** The one queue: a job per merchant per due time. */
export const SYNC_QUEUE = 'sync-merchant';
/** pg-boss keeps its tables apart from the ledger's. */
export const BOSS_SCHEMA = 'apr_boss';
/** A job active longer than this is presumed dead (its worker killed) and retried. */
export const DEFAULT_JOB_TIMEOUT_SECONDS = 3600;

export interface WorkerOptions extends SyncMerchantContext {
  /** Jobs this process runs at once (default 2). */
  concurrency?: number;
  /** How often this worker looks for due merchants, ms (default 30 s). */
  scheduleEveryMs?: number;
  /** A job still active after this is presumed dead (its worker killed) and retried, s (default 3600). */
  jobTimeoutSeconds?: number;
  /** Called once the worker takes jobs. */
  onReady?: () => void;
  /** Called after each job, for logs and tests. */
  onJob?: (event: { merchant: string; ok: boolean; error?: string }) => void;
  signal: AbortSignal;
}

/**
 * Starts pg-boss on the database and makes sure the queue exists (stately: per merchant at most
 * one job queued and one active). A worker passes its job timeout: the queue takes it (new jobs
 * expire after it and are retried), and maintenance runs often enough to notice.
 */
export async function startBoss(url: string, worker?: { jobTimeoutSeconds: number }): Promise<PgBoss> {
  const timeout = worker?.jobTimeoutSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS;
  const boss = new PgBoss({
    connectionString: url, schema: BOSS_SCHEMA, max: 4,
    ...(worker ? { maintenanceIntervalSeconds: Math.max(1, Math.min(60, Math.floor(timeout / 3))) } : {}),
  });
  boss.on('error', () => undefined);
  // Workers starting together would install pg-boss and create the queue at once, and deadlock:
  // one at a time, under a session advisory lock.
  const gate = new pg.Client({ connectionString: url });
  gate.on('error', () => undefined);
  try {
    await gate.connect();
    await gate.query('SELECT pg_advisory_lock(hashtext($1))', ['amazon-pay-reports:boss-setup']);
    await boss.start();
    const queue = { name: SYNC_QUEUE, policy: 'stately' as const, retryLimit: 3, retryDelay: Math.min(30, timeout), retryBackoff: true, expireInSeconds: timeout };
    if (!(await boss.getQueue(SYNC_QUEUE))) await boss.createQueue(SYNC_QUEUE, queue);
    else if (worker) await boss.updateQueue(SYNC_QUEUE, queue);
  } catch (error) {
    await boss.stop({ graceful: false, wait: true }).catch(() => undefined);
    throw toPostgresError(safeDatabaseUrl(url), error);
  } finally {
    await gate.end().catch(() => undefined);
  }
  return boss;
}

/** Enqueues a sync of each merchant now; a merchant already queued is not queued twice. */
export async function enqueueSyncs(boss: PgBoss, merchants: readonly Merchant[]): Promise<number> {
  let queued = 0;
  for (const m of merchants) if (await boss.send(SYNC_QUEUE, { merchant: m.name }, { singletonKey: m.name })) queued++;
  return queued;
}

/**
 * Runs sync jobs until `signal` aborts, then stops taking jobs, lets the running ones finish
 * (their syncs see the abort and end as `interrupted`, checkpoint safe) and closes. Several
 * workers on one or many machines share the queue; each also schedules due merchants, and the
 * registry's claim makes sure each due time is enqueued once.
 */
export async function runWorker(o: WorkerOptions): Promise<void> {
  const registry = await openPostgresMerchants(o.url, { migrate: false, ...(o.now ? { now: o.now } : {}) });
  const boss = await startBoss(o.url, { jobTimeoutSeconds: o.jobTimeoutSeconds ?? DEFAULT_JOB_TIMEOUT_SECONDS });
  o.onReady?.();
  const now = o.now ?? (() => new Date());
  // One link to the caller's signal; each running job links to this one (and unlinks when done).
  const stopping = new AbortController();
  setMaxListeners(Math.max(10, (o.concurrency ?? 2) + 5), stopping.signal);
  const forward = (): void => stopping.abort();
  if (o.signal.aborted) stopping.abort();
  else o.signal.addEventListener('abort', forward, { once: true });
  // What this process learns of each merchant's quota outlives the job that learned it.
  const learned = new Map<string, RateLimiter>();
  try {
    for (let i = 0; i < Math.max(1, o.concurrency ?? 2); i++) {
      await boss.work<{ merchant: string }>(SYNC_QUEUE, { batchSize: 1, pollingIntervalSeconds: 0.5 }, async ([job]) => {
        if (!job || stopping.signal.aborted) return;
        const m = await registry.get(job.data.merchant);
        if (!m) return; // removed since it was queued
        // A signal per job, linked to the worker's: what a sync hangs on it goes away with the job
        // (on the worker's own signal, a long-running worker would collect listeners for ever).
        const jobAbort = new AbortController();
        const stop = (): void => jobAbort.abort();
        stopping.signal.addEventListener('abort', stop, { once: true });
        try {
          await syncMerchant(m, { ...o, learned, signal: jobAbort.signal });
          o.onJob?.({ merchant: m.name, ok: true });
        } catch (error) {
          if (error instanceof AbortError) return;
          o.onJob?.({ merchant: m.name, ok: false, error: error instanceof Error ? error.message : String(error) });
          throw error;
        } finally {
          stopping.signal.removeEventListener('abort', stop);
        }
      });
    }
    const tick = async (): Promise<void> => {
      await enqueueSyncs(boss, await registry.claimDue(now()));
    };
    await tick();
    const timer = setInterval(() => void tick().catch(() => undefined), o.scheduleEveryMs ?? 30_000);
    await new Promise<void>((resolve) => {
      if (stopping.signal.aborted) resolve();
      else stopping.signal.addEventListener('abort', () => resolve(), { once: true });
    });
    clearInterval(timer);
  } finally {
    await boss.stop({ graceful: true, wait: true, timeout: 60_000 }).catch(() => undefined);
    await registry.close();
    o.signal.removeEventListener('abort', forward);
  }
}
