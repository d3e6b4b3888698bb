import { parseMoney } from '../reports/money.js';

/**
 * |part| as a percentage of whole, exact to two decimals (half away from zero), as a decimal
 * string; null when whole is zero. Both are decimal strings in `currency`.
 */
export function percentOf(part: string, whole: string, currency: string): string | null {
  const p = parseMoney(part, currency);
  const w = parseMoney(whole, currency);
  if (w === 0n) return null;
  const num = (p < 0n ? -p : p) * 10_000n;
  const den = w < 0n ? -w : w;
  const hundredths = (num + den / 2n) / den;
  return `${hundredths / 100n}.${String(hundredths % 100n).padStart(2, '0')}`;
}
