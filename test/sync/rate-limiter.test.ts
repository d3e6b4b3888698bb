import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { chainLimiters } from '../../src/sync/chain-limiters.js';
import { createRateLimiter, type RateLimiter } from '../../src/sync/rate-limiter.js';
import { virtualTime, type VirtualTime } from '../helpers/virtual-time.js';

/** A server that throttles like the emulator: a token bucket, Retry-After in whole seconds. */
function throttledServer(vt: VirtualTime, ratePerSecond: number, burst: number) {
  let tokens = burst;
  let last = 0;
  let peak = 0;
  const window: number[] = [];
  return {
    take(): number {
      const t = vt.now();
      tokens = Math.min(burst, tokens + ((t - last) / 1000) * ratePerSecond);
      last = t;
      window.push(t);
      while (window[0]! <= t - 1000) window.shift();
      peak = Math.max(peak, window.length);
      if (tokens >= 1) {
        tokens -= 1;
        return 0;
      }
      return Math.max(1, Math.ceil((1 - tokens) / ratePerSecond));
    },
    /** Most requests that reached it in any one second. */
    peak: () => peak,
  };
}

/** `workers` loops of: attempt (retrying a 429 after its Retry-After), then a 60 ms transfer. */
async function drive(vt: VirtualTime, limiter: RateLimiter, server: { take(): number }, calls: number, workers = 4) {
  let next = 0;
  let sent = 0;
  let refused = 0;
  const attempt = async (): Promise<void> => {
    for (;;) {
      const done = await limiter.acquire('getReportDocument');
      sent++;
      await vt.sleep(25);
      const wait = server.take();
      await vt.sleep(25);
      if (wait === 0) return done({ status: 200 });
      refused++;
      done({ status: 429, retryAfterMs: wait * 1000 });
      await vt.sleep(wait * 1000);
    }
  };
  const worker = async (): Promise<void> => {
    while (next < calls) {
      next++;
      await attempt();
      await vt.sleep(60);
    }
  };
  await vt.run(Promise.all(Array.from({ length: workers }, worker)));
  return { sent, refused, seconds: vt.now() / 1000 };
}

describe('the adaptive rate limiter (virtual clock)', () => {
  it.each([
    [{ ratePerSecond: 0, burst: 5 }],
    [{ ratePerSecond: Number.NaN, burst: 5 }],
    [{ ratePerSecond: 10, burst: 0.5 }],
    [{ ratePerSecond: 10, burst: Number.NaN }],
    [{ ratePerSecond: 10, burst: 5, initialRatePerSecond: 20 }],
  ])('%o is a ConfigError up front, not a sync that waits for ever', (options) => {
    expect(() => createRateLimiter(options)).toThrow(ConfigError);
  });

  it.each([
    [2, 5, 100],
    [0.5, 2, 60],
    [1, 1, 60],
  ])('learns a %s/s quota (burst %s) from 429s: near the quota bound, few refusals', async (rate, burst, calls) => {
    const vt = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 100, burst: 20, clock: vt.now, sleep: vt.sleep });
    const server = throttledServer(vt, rate, burst);
    const r = await drive(vt, limiter, server, calls);
    const bound = (calls - burst) / rate;
    expect(r.seconds).toBeLessThan(bound * 1.25);
    expect(r.refused / r.sent).toBeLessThan(0.1);
    const learned = limiter.rates!()[0]!;
    expect(learned.operation).toBe('getReportDocument');
    expect(learned.ratePerSecond).toBeGreaterThan(rate * 0.6);
    expect(learned.ratePerSecond).toBeLessThan(rate * 1.5);
    expect(learned.throttled).toBe(r.refused);
  });

  it('halves on a first 429 without Retry-After', async () => {
    const vt = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 50, burst: 10, initialRatePerSecond: 20, clock: vt.now, sleep: vt.sleep });
    (await vt.run(limiter.acquire('getReports')))({ status: 503 });
    expect(limiter.rates!()[0]).toMatchObject({ ratePerSecond: 10, throttled: 1 });
  });

  it('backs off on a 429 to what its Retry-After implies, pauses for it, and recovers while calls succeed', async () => {
    const vt = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 50, burst: 10, initialRatePerSecond: 20, clock: vt.now, sleep: vt.sleep });
    const rateNow = () => limiter.rates!()[0]!.ratePerSecond;
    await vt.run(limiter.acquire('getReports')).then((done) => done({ status: 429, retryAfterMs: 3000 }));
    expect(rateNow()).toBeCloseTo(1 / 3, 5);
    // Nothing goes out before the Retry-After has passed.
    const start = vt.now();
    const next = await vt.run(limiter.acquire('getReports'));
    expect(vt.now() - start).toBeGreaterThanOrEqual(3000);
    next({ status: 200 });
    // Paced successes grow it again, slowly, and never past the ceiling.
    for (let i = 0; i < 2000; i++) (await vt.run(limiter.acquire('getReports')))({ status: 200 });
    expect(rateNow()).toBe(50);
  });

  it('cuts once per refusal event: attempts already in flight when the first 429 came do not cut again', async () => {
    const vt = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 40, burst: 8, initialRatePerSecond: 40, clock: vt.now, sleep: vt.sleep });
    const inFlight = await vt.run(Promise.all(Array.from({ length: 4 }, () => limiter.acquire('getReportDocument'))));
    for (const done of inFlight) done({ status: 429 });
    expect(limiter.rates!()[0]).toMatchObject({ ratePerSecond: 20, throttled: 4 });
  });

  it('never exceeds its ceiling, and keeps each operation apart', async () => {
    const vt = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 10, burst: 1, initialRatePerSecond: 10, clock: vt.now, sleep: vt.sleep });
    const server = throttledServer(vt, 1000, 1000);
    await drive(vt, limiter, server, 300, 16);
    expect(server.peak()).toBeLessThanOrEqual(11);
    // Another operation starts fresh: its own bucket, its own rate.
    const t0 = vt.now();
    (await vt.run(limiter.acquire('getDisbursements')))({ status: 200 });
    expect(vt.now()).toBe(t0);
  });

  it('follows a rate the server announces (x-amzn-RateLimit-Limit), never above the ceiling', async () => {
    const vt = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 10, burst: 5, clock: vt.now, sleep: vt.sleep });
    (await vt.run(limiter.acquire('getReports')))({ status: 200, limitPerSecond: 0.5 });
    expect(limiter.rates!()[0]).toMatchObject({ ratePerSecond: 0.5, announced: 0.5 });
    (await vt.run(limiter.acquire('getReports')))({ status: 200, limitPerSecond: 500 });
    for (let i = 0; i < 200; i++) (await vt.run(limiter.acquire('getReports')))({ status: 200 });
    expect(limiter.rates!()[0]!.ratePerSecond).toBe(10);
  });

  it('is shared: what one worker learns slows the others, and chained limiters both hear every result', async () => {
    const vt = virtualTime();
    const shared = createRateLimiter({ ratePerSecond: 20, burst: 4, initialRatePerSecond: 20, clock: vt.now, sleep: vt.sleep });
    const other = createRateLimiter({ ratePerSecond: 20, burst: 4, initialRatePerSecond: 20, clock: vt.now, sleep: vt.sleep });
    const chained = chainLimiters(shared, other);
    // "Worker A" goes through the chain and is refused; "worker B" uses the shared one alone.
    (await vt.run(chained.acquire('getReportDocument')))({ status: 429, retryAfterMs: 2000 });
    expect(shared.rates!()[0]!.ratePerSecond).toBe(0.5);
    expect(other.rates!()[0]!.ratePerSecond).toBe(0.5);
    const t0 = vt.now();
    await vt.run(shared.acquire('getReportDocument'));
    expect(vt.now() - t0).toBeGreaterThanOrEqual(2000);
  });

  it('an aborted waiter does not block the next one', async () => {
    const vt = virtualTime();
    const limiter = createRateLimiter({ ratePerSecond: 1, burst: 1, initialRatePerSecond: 1, clock: vt.now, sleep: vt.sleep });
    await vt.run(limiter.acquire('getReports'));
    const ac = new AbortController();
    ac.abort();
    await expect(vt.run(limiter.acquire('getReports', ac.signal))).rejects.toThrow('aborted');
    await expect(vt.run(limiter.acquire('getReports'))).resolves.toBeTypeOf('function');
  });
});
