import pg from 'pg';
import { ConfigError } from '../../errors.js';
import { sleep as abortableSleep } from '../../sleep.js';
import type { RateLimiter } from '../../sync/rate-limiter.js';
import { safeDatabaseUrl, toPostgresError } from './to-postgres-error.js';

/**
 * A token bucket per merchant in PostgreSQL, shared by every worker process on every machine:
 * refilled by the server's clock and taken in one statement under the row lock, so the
 * merchant's calls stay under `ratePerSecond` (bursts of `burst`) however many workers there are.
 */
export function createPostgresRateLimiter(url: string, merchant: string, rate: { ratePerSecond: number; burst: number },
  options: { sleep?: (ms: number, signal?: AbortSignal) => Promise<void> } = {}): RateLimiter & { close(): Promise<void> } {
  const { ratePerSecond, burst } = rate;
  if (!(ratePerSecond > 0) || !(burst >= 1)) throw new ConfigError(`rate needs ratePerSecond > 0 and burst >= 1, got ${String(ratePerSecond)} and ${String(burst)}`);
  const sleep = options.sleep ?? abortableSleep;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => undefined);
  const location = safeDatabaseUrl(url);
  // Level = what the bucket holds now: last level plus the refill since, capped at the burst.
  const level = `LEAST($3::float8, rate_buckets.tokens + EXTRACT(EPOCH FROM clock_timestamp() - rate_buckets.updated_at) * $2::float8)`;
  return {
    async acquire(_operation, signal) {
      for (;;) {
        signal?.throwIfAborted();
        let wait: number;
        try {
          const took = await pool.query<{ tokens: number }>(`INSERT INTO rate_buckets (merchant, tokens, updated_at) VALUES ($1, $3::float8 - 1, clock_timestamp())
            ON CONFLICT (merchant) DO UPDATE SET tokens = ${level} - 1, updated_at = clock_timestamp()
            WHERE ${level} >= 1 RETURNING tokens`, [merchant, ratePerSecond, burst]);
          // The merchant's whole budget, whatever the operation; learning happens in-process (chainLimiters).
          if (took.rows.length > 0) return () => undefined;
          const now = await pool.query<{ level: number }>(`SELECT ${level} AS level FROM rate_buckets WHERE merchant = $1`, [merchant, ratePerSecond, burst]);
          wait = Math.ceil(((1 - (now.rows[0]?.level ?? 0)) / ratePerSecond) * 1000);
        } catch (error) {
          throw toPostgresError(location, error);
        }
        await sleep(Math.max(1, wait), signal);
      }
    },
    close: async () => {
      await pool.end().catch(() => undefined);
    },
  };
}
