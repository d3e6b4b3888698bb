import { ConfigError } from '../errors.js';

/** One Amazon Pay account the multi-merchant mode syncs. Holds no secret: the key stays in its file. */
export interface Merchant {
  name: string;
  publicKeyId: string;
  /** Path of the PEM private key on every worker machine (the key itself is never stored). */
  privateKeyFile: string;
  region: 'na' | 'eu' | 'jp';
  environment: 'live' | 'sandbox';
  endpoint?: string;
  /** Report types to sync (all when absent). */
  reportTypes?: string[];
  /** How often it is due, seconds. */
  everySeconds: number;
  /** The API rate ceiling for this merchant (default: the sync's). */
  rate?: { ratePerSecond: number; burst: number };
  createdAt: string;
  /** When the scheduler next enqueues a sync (ISO 8601 UTC). */
  nextDueAt: string;
}

/** Names become folders and job keys: letters, digits, `.`, `_`, `-`, at most 64, not starting with a dot. */
export function checkMerchantName(name: string): string {
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(name)) {
    throw new ConfigError(`merchant name ${JSON.stringify(name)} is not usable: letters, digits, ".", "_" and "-", 1 to 64, starting with a letter or digit`);
  }
  return name;
}

/** `30m`, `1h`, `6h`, `1d`, `90s` → seconds; at least a minute (the API lists at most every few minutes usefully). */
export function parseEvery(text: string): number {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  if (!m) throw new ConfigError(`--every ${JSON.stringify(text)} is not a duration: use 30m, 1h, 6h or 1d`);
  const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86_400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  if (seconds < 60 || seconds > 7 * 86_400) throw new ConfigError(`--every ${text}: use between 1m and 7d`);
  return seconds;
}

/** `RATE[:BURST]` calls per second, e.g. `2:5` or `0.5`. */
export function parseRate(text: string): { ratePerSecond: number; burst: number } {
  const m = /^(\d+(?:\.\d+)?)(?::(\d+(?:\.\d+)?))?$/.exec(text.trim());
  const rate = m ? Number(m[1]) : NaN;
  const burst = m?.[2] === undefined ? Math.max(1, Math.ceil(rate)) : Number(m[2]);
  if (!(rate > 0) || !(burst >= 1)) throw new ConfigError(`--rate ${JSON.stringify(text)}: use RATE[:BURST] calls per second, RATE > 0 and BURST >= 1 (e.g. 2:5)`);
  return { ratePerSecond: rate, burst };
}
