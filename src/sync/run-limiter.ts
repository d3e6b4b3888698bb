import { createRateLimiter, type RateLimiter, type RateLimitSetting } from './rate-limiter.js';

/**
 * Amazon publishes no quota for the Reports operations (api.md §10), so the limiter learns each
 * operation's from the answers (rate-limiter.ts), starting at 5/s; this is only the ceiling it may
 * grow to (`--rate R[:B]`). Downloads from the pre-signed URLs are not API calls.
 */
export const DEFAULT_RATE_LIMIT = { ratePerSecond: 100, burst: 20 };

/** Never limits: `rateLimit: false`. */
const UNLIMITED: RateLimiter = { acquire: () => Promise.resolve(() => undefined) };

/** The limiter a run (sync or backfill) goes through: the caller's, none, or a fresh learning one. */
export function runLimiter(
  options: { rateLimiter?: RateLimiter; rateLimit?: RateLimitSetting | false },
  onRate: (event: { type: 'rate'; operation: string; ratePerSecond: number; throttled: number }) => void,
): RateLimiter {
  if (options.rateLimiter) return options.rateLimiter;
  if (options.rateLimit === false) return UNLIMITED;
  return createRateLimiter({
    ...(options.rateLimit ?? DEFAULT_RATE_LIMIT),
    onChange: (r) => onRate({ type: 'rate', operation: r.operation, ratePerSecond: r.ratePerSecond, throttled: r.throttled }),
  });
}

/** A run summary's `rates` (two decimals) and `throttled` total. */
export function learnedRates(limiter: RateLimiter): { rates: Array<{ operation: string; ratePerSecond: number; throttled: number }>; throttled: number } {
  const rates = (limiter.rates?.() ?? []).map(({ operation, ratePerSecond, throttled }) => ({ operation, ratePerSecond: Math.round(ratePerSecond * 100) / 100, throttled }));
  return { rates, throttled: rates.reduce((n, r) => n + r.throttled, 0) };
}
