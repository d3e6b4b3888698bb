import type { AttemptResult } from '../client/types.js';
import { ConfigError } from '../errors.js';
import { sleep as abortableSleep } from '../sleep.js';

/**
 * Paces API attempts. `acquire` resolves when an attempt of `operation` may be sent, to a function
 * told what the server answered; it has the shape of the client's `onAttempt` hook, so every
 * attempt (retries too) is paced and heard.
 */
export interface RateLimiter {
  acquire(operation: string, signal?: AbortSignal): Promise<(result: AttemptResult) => void>;
  /** What the limiter has learned so far, one entry per operation it has paced. */
  rates?(): LearnedRate[];
}

export interface LearnedRate {
  operation: string;
  /** Requests per second it paces at now. */
  ratePerSecond: number;
  /** Attempts the server refused as throttled (429/503). */
  throttled: number;
  /** A rate the server announced in a header, if any. */
  announced?: number;
}

export interface RateLimitSetting {
  /** The ceiling: never more than this many requests per second per operation. */
  ratePerSecond: number;
  /** Back-to-back requests allowed while nothing has been refused. */
  burst: number;
  /** Where to start (default 5/s, or the ceiling if lower); learning moves it between `floor` and the ceiling. */
  initialRatePerSecond?: number;
}

export interface RateLimiterOptions extends RateLimitSetting {
  /** Milliseconds, monotonic. */
  clock?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Called whenever a learned rate changes (the CLI's --verbose prints it). */
  onChange?: (rate: LearnedRate) => void;
}

/** Multiplicative decrease on a refusal once the quota is known, and the first time at most halving. */
const BACKOFF = 0.8;
const FIRST_BACKOFF = 0.5;
const DEEPEST_CUT = 0.25;
/** Until the first refusal the rate grows by 1/8 per paced success (doubling in about 6). */
const SLOW_START_GAIN = 1 / 8;
/** After it, growth takes about this many paced successes to win back one backoff: one refusal per ~40 calls. */
const RECOVERY_CALLS = 40;
/** Where learning starts unless told: a pace any plausible quota allows for a few calls. */
const DEFAULT_START_PER_SECOND = 5;
/** Slowest pace: one request a minute, so a throttled server is still asked. */
const FLOOR_PER_SECOND = 1 / 60;

/**
 * An adaptive (AIMD) limiter: one token bucket per API operation — the server throttles each
 * operation apart (api.md §10) — whose rate it learns from the answers. It starts at the initial
 * rate, grows while paced requests succeed (fast until the first refusal, then slowly), and on a
 * 429 or 503 cuts the rate — the first time to what the `Retry-After` implies (else by half), then
 * by a fifth, or to the rate the server admitted since the last cut when that is lower — pauses
 * the operation for the `Retry-After` and drops to a burst of one.
 * Never above the ceiling; one instance shared by every worker shares what it learns.
 */
export function createRateLimiter(options: RateLimiterOptions): RateLimiter {
  const clock = options.clock ?? (() => performance.now());
  const sleep = options.sleep ?? abortableSleep;
  const ceiling = options.ratePerSecond;
  const { burst } = options;
  const initial = options.initialRatePerSecond ?? Math.min(ceiling, DEFAULT_START_PER_SECOND);
  // A bucket that never holds a whole token (or never refills) would make every caller wait for ever.
  if (!(ceiling > 0) || !Number.isFinite(ceiling) || !(burst >= 1))
    throw new ConfigError(`the rate limit needs a rate > 0 and a burst >= 1 (--rate R[:B]), got ${String(ceiling)} and ${String(burst)}`);
  if (!(initial > 0) || initial > ceiling)
    throw new ConfigError(`the initial rate must be above 0 and at most the ceiling ${ceiling}/s, got ${String(initial)}`);
  const floor = Math.min(ceiling, FLOOR_PER_SECOND);
  const lanes = new Map<string, Lane>();

  const lane = (operation: string): Lane => {
    let l = lanes.get(operation);
    if (!l) {
      const b = burstAt(initial);
      l = { operation, rate: initial, burst: b, tokens: b, last: clock(), pausedUntil: 0, reported: initial, refused: false, refusedAt: Infinity, cutAt: clock(), grants: 0, cutGrant: 0, okSinceCut: 0, queue: Promise.resolve(), throttled: 0 };
      lanes.set(operation, l);
    }
    return l;
  };
  const snapshot = (l: Lane): LearnedRate => ({ operation: l.operation, ratePerSecond: l.rate, throttled: l.throttled, ...(l.announced === undefined ? {} : { announced: l.announced }) });
  // Reported when it has moved 5% from what was last reported (slow growth adds up), or on a refusal.
  const setRate = (l: Lane, rate: number, refusal = false): void => {
    const next = Math.min(Math.max(rate, floor), l.announced === undefined ? ceiling : Math.min(ceiling, l.announced));
    if (next === l.rate && !refusal) return;
    l.rate = next;
    if (!l.refused) l.burst = burstAt(next);
    if (refusal || Math.abs(next - l.reported) / l.reported > 0.05 || (next === ceiling && l.reported !== ceiling)) {
      l.reported = next;
      options.onChange?.(snapshot(l));
    }
  };
  // While growing, the bucket holds as many seconds' worth as the ceiling's does: no full burst at a slow start.
  const burstAt = (rate: number): number => Math.max(1, Math.min(burst, Math.floor((burst * rate) / ceiling)));
  const refill = (l: Lane): void => {
    const now = clock();
    l.tokens = Math.min(l.burst, l.tokens + ((now - l.last) / 1000) * l.rate);
    l.last = now;
  };

  const admit = async (l: Lane, signal?: AbortSignal): Promise<boolean> => {
    let waited = false;
    for (;;) {
      refill(l);
      const pause = l.pausedUntil - clock();
      const short = l.tokens < 1 ? ((1 - l.tokens) / l.rate) * 1000 : 0;
      const wait = Math.max(pause, short);
      if (wait <= 0) break;
      waited = true;
      await sleep(Math.ceil(wait), signal);
    }
    l.tokens -= 1;
    return waited;
  };

  const heard = (l: Lane, grant: number, paced: boolean, result: AttemptResult): void => {
    const now = clock();
    if (result.limitPerSecond !== undefined) {
      l.announced = result.limitPerSecond;
      setRate(l, l.rate);
    }
    if (result.status === 429 || result.status === 503) {
      l.throttled++;
      if (result.retryAfterMs !== undefined) l.pausedUntil = Math.max(l.pausedUntil, now + result.retryAfterMs);
      // Refusals of attempts sent before the last cut were caused by the old rate: cut once per event.
      if (grant < l.cutGrant) return;
      // The server's bucket was empty at the last cut and is empty again: what it admitted in
      // between is its refill rate (± one request; the half is the midpoint).
      const admittedSinceCut = ((l.okSinceCut + 0.5) * 1000) / Math.max(1, now - l.cutAt);
      let rate = l.rate * (l.refused ? BACKOFF : FIRST_BACKOFF);
      // Refused again before winning back one backoff: the last cut was not deep enough, and what
      // the server admitted since is the better measure of its quota.
      // At least one success to measure, and never below a quarter per event: one noisy window
      // must not throw the rate to the floor.
      const measured = l.refused && l.okSinceCut >= 1 && l.okSinceCut < RECOVERY_CALLS && admittedSinceCut < rate;
      if (measured) rate = Math.max(admittedSinceCut, l.rate * DEEPEST_CUT);
      // A Retry-After of n s says the server refills a request in about n s: at least 1/n per second
      // (below 1/(n−1)). A first refusal trusts that over halving.
      const hinted = !l.refused && result.retryAfterMs !== undefined && result.retryAfterMs >= 1000 && 1000 / result.retryAfterMs < rate;
      if (hinted) rate = 1000 / (result.retryAfterMs as number);
      l.refused = true;
      // A measured cut, or a hint of n ≥ 2 s, says where the quota is: from there only slow probing.
      // A hint of 1 s bounds nothing above (any quota from 1/s up): regrow fast to twice it first.
      const regrowTo = hinted && (result.retryAfterMs as number) < 2000 ? rate * 2 : rate;
      l.refusedAt = measured || hinted ? regrowTo / BACKOFF : l.rate;
      l.cutAt = now;
      l.cutGrant = l.grants;
      l.okSinceCut = 0;
      l.burst = 1;
      l.tokens = Math.min(l.tokens, 0);
      if (result.retryAfterMs === undefined) l.pausedUntil = Math.max(l.pausedUntil, now + 1000 / rate);
      setRate(l, rate, true);
      return;
    }
    if (result.status === undefined || result.status >= 300) return;
    l.okSinceCut++;
    // Only a success that had to wait says the rate, not the caller, was the bottleneck.
    // Fast back up to one backoff below the rate last refused (a cut that went too deep costs
    // little), then slowly past it.
    const probing = l.refused && l.rate >= l.refusedAt * BACKOFF;
    if (paced) setRate(l, l.rate * (1 + (probing ? (1 - BACKOFF) / RECOVERY_CALLS : SLOW_START_GAIN)));
  };

  return {
    acquire(operation, signal) {
      const l = lane(operation);
      // Callers are served in arrival order; a rejected (aborted) turn does not block those behind.
      const turn = l.queue.then(() => admit(l, signal));
      l.queue = turn.then(() => undefined, () => undefined);
      return turn.then((paced) => {
        const grant = l.grants++;
        let settled = false;
        return (result: AttemptResult) => {
          if (settled) return;
          settled = true;
          heard(l, grant, paced, result);
        };
      });
    },
    rates: () => [...lanes.values()].map(snapshot),
  };
}

interface Lane {
  operation: string;
  rate: number;
  /** The rate last told to onChange. */
  reported: number;
  /** The bucket size now: the configured burst until the first refusal, then one. */
  burst: number;
  tokens: number;
  last: number;
  pausedUntil: number;
  /** Whether the server has refused anything yet (slow start ends), and at what rate it last did. */
  refused: boolean;
  refusedAt: number;
  /** When the rate was last cut, and the successes since: what the server admitted. */
  cutAt: number;
  /** Permits handed out so far, and how many had been when the rate was last cut. */
  grants: number;
  cutGrant: number;
  okSinceCut: number;
  announced?: number;
  queue: Promise<void>;
  throttled: number;
}
