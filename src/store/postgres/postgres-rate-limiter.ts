import pg from 'pg';
import { ConfigError } from '../../errors.js';
import { sleep as abortableSleep } from '../../sleep.js';
import type { RateLimiter } from '../../sync/rate-limiter.js';
import { safeDatabaseUrl, toPostgresError } from './to-postgres-error.js';

/** Slowest the shared cut goes: one request a minute. */
const FLOOR_PER_SECOND = 1 / 60;

/**
 * A token bucket per merchant in PostgreSQL, shared by every worker process on every machine:
 * refilled by the server's clock and taken in one statement under the row lock, so the
 * merchant's calls stay under `ratePerSecond` (bursts of `burst`) however many workers there are.
 * A 429 or 503 any worker hears halves the bucket's rate for all of them (it doubles back every
 * minute); each process's own learning limiter (chainLimiters) tunes finer within it.
 */
export function createPostgresRateLimiter(url: string, merchant: string, rate: { ratePerSecond: number; burst: number },
  options: { sleep?: (ms: number, signal?: AbortSignal) => Promise<void> } = {}): RateLimiter & { close(): Promise<void> } {
  const { ratePerSecond, burst } = rate;
  if (!(ratePerSecond > 0) || !(burst >= 1)) throw new ConfigError(`rate needs ratePerSecond > 0 and burst >= 1, got ${String(ratePerSecond)} and ${String(burst)}`);
  const sleep = options.sleep ?? abortableSleep;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  pool.on('error', () => undefined);
  const location = safeDatabaseUrl(url);
  // The bucket's rate now: the ceiling, or what the last shared cut left of it, doubling back every minute.
  const rateNow = `LEAST($2::float8, COALESCE(rate_buckets.cut_rate * power(2, EXTRACT(EPOCH FROM clock_timestamp() - rate_buckets.cut_at) / 60), $2::float8))`;
  // Level = what the bucket holds now: last level plus the refill since, capped at the burst.
  const level = `LEAST($3::float8, rate_buckets.tokens + EXTRACT(EPOCH FROM clock_timestamp() - rate_buckets.updated_at) * ${rateNow})`;
  // One cut per second at most, whoever was refused: the workers of one merchant share one event.
  const cut = async (): Promise<void> => {
    await pool.query(`UPDATE rate_buckets SET cut_rate = GREATEST($4::float8, ${rateNow} * 0.5), cut_at = clock_timestamp(),
        tokens = LEAST(${level}, 0), updated_at = clock_timestamp()
      WHERE merchant = $1 AND (cut_at IS NULL OR cut_at < clock_timestamp() - interval '1 second')`, [merchant, ratePerSecond, burst, FLOOR_PER_SECOND])
      .catch(() => undefined); // a lost cut only costs a slower lesson, never the call
  };
  return {
    async acquire(_operation, signal) {
      for (;;) {
        signal?.throwIfAborted();
        let wait: number;
        try {
          const took = await pool.query<{ tokens: number }>(`INSERT INTO rate_buckets (merchant, tokens, updated_at) VALUES ($1, $3::float8 - 1, clock_timestamp())
            ON CONFLICT (merchant) DO UPDATE SET tokens = ${level} - 1, updated_at = clock_timestamp()
            WHERE ${level} >= 1 RETURNING tokens`, [merchant, ratePerSecond, burst]);
          // The merchant's whole budget, whatever the operation; a refusal cuts it for every worker.
          if (took.rows.length > 0) return (result) => void (result.status === 429 || result.status === 503 ? cut() : undefined);
          const now = await pool.query<{ level: number; rate: number }>(`SELECT ${level} AS level, ${rateNow} AS rate FROM rate_buckets WHERE merchant = $1`, [merchant, ratePerSecond, burst]);
          const row = now.rows[0];
          wait = Math.ceil(((1 - (row?.level ?? 0)) / (row?.rate ?? ratePerSecond)) * 1000);
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
