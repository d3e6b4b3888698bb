import { ConfigError } from '../errors.js';
import type { RetryPolicy } from './types.js';

/**
 * Default retry policy: the statuses the official SDKs mean to retry (api.md §10), four retries,
 * exponential backoff from 500 ms capped at 20 s, and `Retry-After` obeyed up to 60 s.
 */
export const DEFAULT_RETRY: Readonly<RetryPolicy> = Object.freeze({
  retries: 4,
  statuses: Object.freeze([408, 425, 429, 500, 502, 503, 504]),
  baseDelayMs: 500,
  maxDelayMs: 20_000,
  maxRetryAfterMs: 60_000,
});

/** The outcome of one attempt, as far as retrying cares. */
export type AttemptOutcome = { kind: 'status'; status: number } | { kind: 'network' } | { kind: 'timeout' };

/** Merges a partial policy over the default. */
export function resolveRetryPolicy(partial: Partial<RetryPolicy> | undefined): RetryPolicy {
  const p = { ...DEFAULT_RETRY, ...partial };
  // NaN would make `attempt > retries` never true: retrying for ever.
  if (typeof p.retries !== 'number' || !Number.isFinite(p.retries) || p.retries < 0)
    throw new ConfigError(`retry.retries must be a whole number from 0, got ${String(p.retries)}`);
  for (const name of ['baseDelayMs', 'maxDelayMs', 'maxRetryAfterMs'] as const) {
    const v = p[name];
    if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) throw new ConfigError(`retry.${name} must be a number of milliseconds from 0, got ${String(v)}`);
  }
  return { ...p, retries: Math.max(0, Math.floor(p.retries)), statuses: [...p.statuses] };
}

/** Whether another attempt is due after `attempt` (1-based) ended with `outcome`. */
export function shouldRetry(outcome: AttemptOutcome, attempt: number, policy: RetryPolicy): boolean {
  if (attempt > policy.retries) return false;
  return outcome.kind !== 'status' || policy.statuses.includes(outcome.status);
}

/**
 * Milliseconds to wait before the attempt after `attempt` (1-based). A `Retry-After` value wins,
 * capped at `maxRetryAfterMs`; otherwise "full jitter": uniform in [0, min(max, base·2^(attempt-1))).
 */
export function retryDelay(attempt: number, retryAfterMs: number | undefined, policy: RetryPolicy, random: () => number): number {
  if (retryAfterMs !== undefined) return Math.min(Math.max(0, retryAfterMs), policy.maxRetryAfterMs);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));
  const r = Math.min(Math.max(random(), 0), 1);
  return Math.floor(r * ceiling);
}

/**
 * Parses `Retry-After` (RFC 9110 §10.2.3): delta-seconds or an HTTP-date, the latter measured
 * against `nowMs` (the server's Date header when known, so a skewed local clock does not matter).
 * Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, nowMs: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  if (!/[A-Za-z]/.test(v)) return undefined;
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}
