import { randomBytes } from 'node:crypto';
import { ConfigError } from '../errors.js';
import { isLoopback } from './is-loopback.js';

/**
 * The token the dashboard checks: the one given, else one generated when the bind is reachable
 * from other machines (then the caller prints it), else none on loopback.
 */
export function dashboardToken(host: string, given: string | undefined, random: () => string = () => randomBytes(24).toString('base64url')): { token?: string; generated: boolean } {
  if (given !== undefined) {
    if (!/^[\w.~-]{16,}$/.test(given)) throw new ConfigError('--token must be at least 16 characters of letters, digits, - . _ ~ (or leave it out to have one generated)');
    return { token: given, generated: false };
  }
  return isLoopback(host) ? { generated: false } : { token: random(), generated: true };
}
