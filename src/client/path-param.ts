import { ConfigError } from '../errors.js';

// Amazon ids (A08439021T39K6DTX4JS8, amzn1.tortuga.3.…) are RFC 3986 unreserved characters only.
const SAFE_ID = /^[A-Za-z0-9._~-]{1,256}$/;

/**
 * Checks an id bound for a URL path segment and returns it encoded. Rejects `/`, `.`/`..` and
 * anything outside `A-Za-z0-9._~-` with a ConfigError, so an id can never redirect the request.
 */
export function pathParam(value: string, name: string): string {
  if (typeof value !== 'string' || !SAFE_ID.test(value) || value === '.' || value === '..') {
    const shown = typeof value === 'string' ? JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value) : String(value);
    throw new ConfigError(`${name} ${shown} is not a valid id: use 1-256 letters, digits, '.', '_', '-' or '~'`);
  }
  return encodeURIComponent(value);
}
