import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { checkIdempotencyKey, isValidIdempotencyKey, newIdempotencyKey } from './idempotency-key.js';

describe('idempotency keys', () => {
  it('generates 32 hex characters, distinct each time', () => {
    const keys = new Set(Array.from({ length: 50 }, () => newIdempotencyKey()));
    expect(keys.size).toBe(50);
    for (const k of keys) {
      expect(k).toMatch(/^[0-9a-f]{32}$/);
      expect(isValidIdempotencyKey(k)).toBe(true);
    }
  });
  it('strips the dashes of an injected UUID', () => {
    expect(newIdempotencyKey(() => '123e4567-e89b-12d3-a456-426614174000')).toBe('123e4567e89b12d3a456426614174000');
  });
  it('accepts 1-32 characters of [A-Za-z0-9_-]', () => {
    expect(checkIdempotencyKey('a')).toBe('a');
    expect(checkIdempotencyKey('Az09_-'.padEnd(32, 'x'))).toHaveLength(32);
  });
  it.each(['', 'x'.repeat(33), '123e4567-e89b-12d3-a456-426614174000', 'has space', 'dot.ted', 'ünï'])('rejects %j', (key) => {
    expect(isValidIdempotencyKey(key)).toBe(false);
    expect(() => checkIdempotencyKey(key)).toThrow(ConfigError);
  });
});
