import type { RateLimiter } from './rate-limiter.js';

/**
 * Both limiters, in order: an attempt waits for `first`, then `second`, and both hear its result.
 * The workers chain their process's learning limiter with the merchant's bucket in PostgreSQL.
 */
export function chainLimiters(first: RateLimiter, second: RateLimiter): RateLimiter {
  return {
    async acquire(operation, signal) {
      const a = await first.acquire(operation, signal);
      let b: Awaited<ReturnType<RateLimiter['acquire']>>;
      try {
        b = await second.acquire(operation, signal);
      } catch (error) {
        a({ status: undefined });
        throw error;
      }
      return (result) => {
        a(result);
        b(result);
      };
    },
    rates: () => [...(first.rates?.() ?? []), ...(second.rates?.() ?? [])],
  };
}
