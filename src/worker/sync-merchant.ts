import { join } from 'node:path';
import { createClient } from '../client/create-client.js';
import type { Client } from '../client/types.js';
import { LockHeldError, safeMessage } from '../errors.js';
import type { Merchant } from '../merchants/merchant.js';
import { openStore } from '../store/open-store.js';
import { createPostgresRateLimiter } from '../store/postgres/postgres-rate-limiter.js';
import { DEFAULT_RATE_LIMIT, syncReports } from '../sync/sync.js';
import type { SyncSummary } from '../sync/sync-types.js';
import { chainLimiters } from '../sync/chain-limiters.js';
import { createRateLimiter, type RateLimiter } from '../sync/rate-limiter.js';

/** What one job needs besides the merchant. */
export interface SyncMerchantContext {
  url: string;
  outDir: string;
  now?: () => Date;
  signal?: AbortSignal;
  /**
   * The rates this process has learned, per merchant, kept across its jobs (the run-worker's
   * map); a fresh limiter per job when absent.
   */
  learned?: Map<string, RateLimiter>;
  /** Builds the client (tests point it at the emulator); default from the merchant's settings. */
  client?: (m: Merchant) => Client;
}

/**
 * One merchant's sync into its own ledger (rows keyed by its name) and its own folder
 * (`<out>/<merchant>/<type>/…`). Another live sync of the same merchant anywhere holds the
 * merchant's lock: then this does nothing (`undefined`). A failure before the sync could start
 * (a missing key file, say) is recorded on the merchant's run history and thrown, so the job
 * is retried with backoff.
 */
export async function syncMerchant(m: Merchant, ctx: SyncMerchantContext): Promise<SyncSummary | undefined> {
  const store = await openStore(ctx.url, { merchant: m.name, ...(ctx.now ? { now: ctx.now } : {}) });
  try {
    let client: Client;
    try {
      client = ctx.client ? ctx.client(m) : createClient({
        publicKeyId: m.publicKeyId, privateKey: { file: m.privateKeyFile }, region: m.region, sandbox: m.environment === 'sandbox',
        ...(m.endpoint ? { endpoint: m.endpoint } : {}), ...(ctx.now ? { now: ctx.now } : {}),
      });
    } catch (error) {
      const run = await store.startRun();
      await store.finishRun(run, { status: 'failed', listed: 0, downloaded: 0, skipped: 0, failed: 0, apiCalls: 0, error: safeMessage(error) });
      throw error;
    }
    // The merchant's budget is shared by every worker through PostgreSQL, not per process.
    const rate = m.rate ?? DEFAULT_RATE_LIMIT;
    const bucket = createPostgresRateLimiter(ctx.url, m.name, rate);
    let learning = ctx.learned?.get(m.name);
    if (!learning) {
      learning = createRateLimiter(rate);
      ctx.learned?.set(m.name, learning);
    }
    try {
      return await syncReports({
        client, store, outDir: join(ctx.outDir, m.name), rateLimiter: chainLimiters(learning, bucket),
        ...(m.reportTypes ? { reportTypes: m.reportTypes } : {}),
        ...(ctx.now ? { now: ctx.now } : {}), ...(ctx.signal ? { signal: ctx.signal } : {}),
      });
    } catch (error) {
      if (error instanceof LockHeldError) return undefined;
      throw error;
    } finally {
      await bucket.close();
    }
  } finally {
    await store.close();
  }
}
