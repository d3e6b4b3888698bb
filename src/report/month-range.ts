import { ConfigError } from '../errors.js';

/** `2026-10` → the month's bounds, since <= t < until, ISO UTC. */
export function monthRange(text: string): { month: string; since: string; until: string } {
  const m = /^(\d{4})-(\d{2})$/.exec(text.trim());
  const year = Number(m?.[1]);
  const month = Number(m?.[2]);
  if (!m || month < 1 || month > 12) throw new ConfigError(`month ${JSON.stringify(text)} is not YYYY-MM: pass e.g. 2026-10`);
  const iso = (y: number, mo: number): string => new Date(Date.UTC(y, mo - 1, 1)).toISOString().replace(/\.000Z$/, 'Z');
  return { month: `${m[1]}-${m[2]}`, since: iso(year, month), until: iso(month === 12 ? year + 1 : year, month === 12 ? 1 : month + 1) };
}
