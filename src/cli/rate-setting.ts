import { parseRate } from '../merchants/merchant.js';
import type { RateLimitSetting } from '../sync/rate-limiter.js';
import type { CommandContext, ResolvedSettings } from './context.js';

/**
 * The sync's rate ceiling from `--rate`, else AMAZON_PAY_RATE or the config file's `rate`;
 * undefined for the default. Parsed before anything starts: a bad value is a usage error (exit 2).
 */
export function rateSetting(flag: string | undefined, settings: ResolvedSettings): RateLimitSetting | undefined {
  const text = flag ?? settings.rate;
  return text === undefined ? undefined : parseRate(text);
}

/** A learned rate for people: whole numbers from 10/s, one decimal from 1/s, two below. */
export function formatRate(r: number): string {
  return r >= 10 ? r.toFixed(0) : r >= 1 ? r.toFixed(1) : r.toFixed(2);
}

/** `--verbose`: the rates a run ended with, one line. */
export function logLearnedRates(ctx: CommandContext, rates: ReadonlyArray<{ operation: string; ratePerSecond: number }>): void {
  if (rates.length > 0) ctx.log.verbose(`learned rates: ${rates.map((r) => `${r.operation} ${formatRate(r.ratePerSecond)}/s`).join(', ')}`);
}
