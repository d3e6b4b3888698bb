import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError } from '../../src/errors.js';
import { openStore } from '../../src/store/open-store.js';
import { createPostgresRateLimiter } from '../../src/store/postgres/postgres-rate-limiter.js';
import { startPostgres, type PostgresCluster } from '../helpers/postgres-cluster.js';

let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgres();
  await (await openStore(cluster.url)).close(); // migrates
}, 60_000);
afterAll(() => cluster.stop());

/** Whether `p` is still pending after the event loop has had `ms` to settle it. */
async function stillPending(p: Promise<unknown>, ms: number): Promise<boolean> {
  let settled = false;
  void p.then(() => (settled = true), () => (settled = true));
  await new Promise((r) => setTimeout(r, ms));
  return !settled;
}

describe('the per-merchant rate budget in PostgreSQL', () => {
  it('is one bucket for every worker of a merchant: the burst is shared, then calls wait; another merchant has its own', async () => {
    // A refill so slow that nothing refills during the test: only the burst can be taken.
    const rate = { ratePerSecond: 0.001, burst: 3 };
    const a = createPostgresRateLimiter(cluster.url, 'shop-a', rate);
    const b = createPostgresRateLimiter(cluster.url, 'shop-a', rate);
    const other = createPostgresRateLimiter(cluster.url, 'shop-b', rate);
    const controller = new AbortController();
    try {
      await a.acquire('getReports');
      await b.acquire('getReports');
      await a.acquire('getReports');
      const fourth = b.acquire('getReports', controller.signal);
      expect(await stillPending(fourth, 300)).toBe(true);
      await other.acquire('getReports'); // shop-b's budget is untouched
      controller.abort();
      await expect(fourth).rejects.toSatisfy((e) => e instanceof AbortError || (e as Error).name === 'AbortError');
    } finally {
      await Promise.all([a.close(), b.close(), other.close()]);
    }
  });

  it('refills from the server clock: a drained bucket serves again', async () => {
    const rate = { ratePerSecond: 20, burst: 1 };
    const a = createPostgresRateLimiter(cluster.url, 'shop-c', rate);
    try {
      for (let i = 0; i < 5; i++) await a.acquire('getReports');
    } finally {
      await a.close();
    }
  });

  it('a 429 one worker hears halves the merchant\'s rate for every worker, once per event', async () => {
    const rate = { ratePerSecond: 10, burst: 1 };
    const a = createPostgresRateLimiter(cluster.url, 'shop-d', rate);
    const b = createPostgresRateLimiter(cluster.url, 'shop-d', rate);
    const db = new pg.Client({ connectionString: cluster.url });
    await db.connect();
    try {
      const heardA = await a.acquire('getReportDocument');
      heardA({ status: 429, retryAfterMs: 1000 });
      // Refused at the same moment, worker b's answer is the same event: no second cut.
      const heardB = await b.acquire('getReportDocument').catch(() => undefined);
      heardB?.({ status: 429 });
      // The cut is written after the answer, off the caller's path: wait for it to land.
      let row: { cut_rate: number | null; tokens: number } | undefined;
      for (let i = 0; i < 100 && !row?.cut_rate; i++) {
        row = (await db.query<{ cut_rate: number | null; tokens: number }>(`SELECT cut_rate, tokens FROM rate_buckets WHERE merchant = 'shop-d'`)).rows[0];
        if (!row?.cut_rate) await new Promise((r) => setTimeout(r, 20));
      }
      expect(row?.cut_rate).toBe(5);
      // The bucket was emptied for everyone: the next call of any worker waits for a token at the cut rate.
      expect(row?.tokens).toBeLessThanOrEqual(0);
    } finally {
      await db.end();
      await Promise.all([a.close(), b.close()]);
    }
  });

  it('refuses a bucket that would never hold a token', () => {
    expect(() => createPostgresRateLimiter(cluster.url, 'x', { ratePerSecond: 0, burst: 1 })).toThrow(/ratePerSecond > 0/);
  });
});
