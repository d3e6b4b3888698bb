/**
 * The rate a server announces in `x-amzn-RateLimit-Limit` (requests per second, as Amazon's
 * Selling Partner API sends it). Amazon Pay documents no such header (api.md §10); a limiter
 * uses it when present. Undefined when absent or not a positive number.
 */
export function rateLimitPerSecond(value: string | null): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (!/^\d+(\.\d+)?$/.test(v)) return undefined;
  const n = Number(v);
  return n > 0 && Number.isFinite(n) ? n : undefined;
}
