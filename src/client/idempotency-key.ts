import { randomUUID } from 'node:crypto';
import { ConfigError } from '../errors.js';

// Amazon Pay idempotency keys: at most 32 characters of [A-Za-z0-9_-] (api.md §2.3).
const KEY = /^[A-Za-z0-9_-]{1,32}$/;

/** A fresh idempotency key: a v4 UUID without dashes (32 hex characters, inside the 32-char limit). */
export function newIdempotencyKey(uuid: () => string = randomUUID): string {
  return uuid().replace(/-/g, '');
}

/** True for a key Amazon accepts: 1-32 characters of `[A-Za-z0-9_-]`. */
export function isValidIdempotencyKey(key: string): boolean {
  return KEY.test(key);
}

/** Returns the caller's key when valid; ConfigError otherwise (a dashed UUID is 36 characters: too long). */
export function checkIdempotencyKey(key: string): string {
  if (!isValidIdempotencyKey(key))
    throw new ConfigError(`idempotency key must be 1-32 characters of A-Z, a-z, 0-9, '_' or '-' (got ${key.length} characters${/[^A-Za-z0-9_-]/.test(key) ? ' with other characters' : ''}); a UUID without dashes fits`);
  return key;
}
