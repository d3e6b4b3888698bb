import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY, parseRetryAfter, resolveRetryPolicy, retryDelay, shouldRetry } from './retry.js';
import { ConfigError } from '../errors.js';

const policy = resolveRetryPolicy({});

describe('shouldRetry', () => {
  it.each([408, 425, 429, 500, 502, 503, 504])('retries status %i', (status) => {
    expect(shouldRetry({ kind: 'status', status }, 1, policy)).toBe(true);
  });
  it.each([400, 401, 403, 404, 405, 409, 422, 501])('does not retry status %i', (status) => {
    expect(shouldRetry({ kind: 'status', status }, 1, policy)).toBe(false);
  });
  it('retries network errors and timeouts', () => {
    expect(shouldRetry({ kind: 'network' }, 1, policy)).toBe(true);
    expect(shouldRetry({ kind: 'timeout' }, 1, policy)).toBe(true);
  });
  it('stops after the configured number of retries', () => {
    expect(shouldRetry({ kind: 'network' }, DEFAULT_RETRY.retries, policy)).toBe(true);
    expect(shouldRetry({ kind: 'network' }, DEFAULT_RETRY.retries + 1, policy)).toBe(false);
    expect(shouldRetry({ kind: 'status', status: 503 }, 1, resolveRetryPolicy({ retries: 0 }))).toBe(false);
  });
});

describe('retryDelay', () => {
  it('grows exponentially up to the cap (random = 1 − ε shows the ceiling)', () => {
    const max = () => 0.999999;
    const table = [1, 2, 3, 4, 5, 6, 7, 8].map((a) => retryDelay(a, undefined, policy, max));
    expect(table).toEqual([499, 999, 1999, 3999, 7999, 15999, 19999, 19999]);
  });
  it('uses full jitter: every delay lies in [0, ceiling)', () => {
    for (const r of [0, 0.1, 0.5, 0.9]) {
      for (let a = 1; a <= 8; a++) {
        const d = retryDelay(a, undefined, policy, () => r);
        const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (a - 1));
        expect(d).toBeGreaterThanOrEqual(0);
        expect(d).toBeLessThan(ceiling);
        expect(d).toBe(Math.floor(r * ceiling));
      }
    }
  });
  it('clamps a misbehaving random source', () => {
    expect(retryDelay(1, undefined, policy, () => 7)).toBe(500);
    expect(retryDelay(1, undefined, policy, () => -1)).toBe(0);
  });
  it('obeys Retry-After exactly, without jitter, capped at maxRetryAfterMs', () => {
    expect(retryDelay(1, 1000, policy, () => 0.5)).toBe(1000);
    expect(retryDelay(3, 0, policy, () => 0.5)).toBe(0);
    expect(retryDelay(1, 3_600_000, policy, () => 0.5)).toBe(60_000);
    expect(retryDelay(1, 5000, resolveRetryPolicy({ maxRetryAfterMs: 2000 }), () => 0.5)).toBe(2000);
  });
});

describe('parseRetryAfter', () => {
  const now = Date.parse('2026-11-18T15:06:30Z');
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('1', now)).toBe(1000);
    expect(parseRetryAfter(' 120 ', now)).toBe(120_000);
    expect(parseRetryAfter('0', now)).toBe(0);
  });
  it('reads an HTTP-date relative to now, never negative', () => {
    expect(parseRetryAfter('Wed, 18 Nov 2026 15:06:35 GMT', now)).toBe(5000);
    expect(parseRetryAfter('Wed, 18 Nov 2026 15:00:00 GMT', now)).toBe(0);
  });
  it('ignores absent or unreadable values', () => {
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(parseRetryAfter('-1', now)).toBeUndefined();
    expect(parseRetryAfter('1.5', now)).toBeUndefined();
    expect(parseRetryAfter('soon', now)).toBeUndefined();
  });
});

describe('resolveRetryPolicy', () => {
  it('merges over the defaults', () => {
    expect(resolveRetryPolicy({ retries: 1 })).toEqual({ ...DEFAULT_RETRY, retries: 1, statuses: [...DEFAULT_RETRY.statuses] });
    expect(DEFAULT_RETRY.statuses).toEqual([408, 425, 429, 500, 502, 503, 504]);
  });
});

describe('resolveRetryPolicy with bad numbers', () => {
  it.each([
    [{ retries: Number.NaN }, /retry\.retries must be a whole number from 0/],
    [{ retries: -1 }, /retry\.retries must be a whole number from 0/],
    [{ retries: Number.POSITIVE_INFINITY }, /retry\.retries must be a whole number from 0/],
    [{ baseDelayMs: Number.NaN }, /retry\.baseDelayMs must be a number of milliseconds/],
    [{ maxDelayMs: -5 }, /retry\.maxDelayMs must be a number of milliseconds/],
    [{ maxRetryAfterMs: Number.NaN }, /retry\.maxRetryAfterMs must be a number of milliseconds/],
  ])('%o is a ConfigError, not an endless (or instant) retry loop', (partial, message) => {
    expect(() => resolveRetryPolicy(partial)).toThrow(ConfigError);
    expect(() => resolveRetryPolicy(partial)).toThrow(message);
  });
  it('a fractional retries count is rounded down, as before', () => {
    expect(resolveRetryPolicy({ retries: 2.7 }).retries).toBe(2);
  });
});
