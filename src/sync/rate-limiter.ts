import { ConfigError } from '../errors.js';
import { sleep as abortableSleep } from '../sleep.js';

/** A token bucket shared by every API call of one sync run. */
export interface RateLimiter {
  /** Resolves when a call may start. */
  take(signal?: AbortSignal): Promise<void>;
}

export interface RateLimiterOptions {
  /** Tokens added per second. */
  ratePerSecond: number;
  /** Bucket size: how many calls may start back to back. */
  burst: number;
  /** Milliseconds, monotonic. */
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Callers are served in arrival order; each waits until the bucket holds a token. Staying under
 * the server's own bucket means 429s (and their backoff) are rare instead of routine.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const clock = options.clock ?? (() => performance.now());
  const sleep = options.sleep ?? abortableSleep;
  const { ratePerSecond, burst } = options;
  // A bucket that never holds a whole token (or never refills) would make every caller wait for ever.
  if (!(ratePerSecond > 0) || !(burst >= 1))
    throw new ConfigError(`rateLimit needs ratePerSecond > 0 and burst >= 1, got ${String(ratePerSecond)} and ${String(burst)}`);
  let tokens = burst;
  let last = clock();
  let queue: Promise<void> = Promise.resolve();

  const refill = (): void => {
    const now = clock();
    tokens = Math.min(burst, tokens + ((now - last) / 1000) * ratePerSecond);
    last = now;
  };

  const takeOne = async (signal?: AbortSignal): Promise<void> => {
    refill();
    while (tokens < 1) {
      await sleep(Math.ceil(((1 - tokens) / ratePerSecond) * 1000), signal);
      refill();
    }
    tokens -= 1;
  };

  return {
    take(signal) {
      const turn = queue.then(() => takeOne(signal));
      // A rejected (aborted) turn must not block the callers behind it.
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}
