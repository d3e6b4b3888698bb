import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { dashboardToken } from './dashboard-token.js';

describe('dashboardToken', () => {
  it('needs none on loopback, generates one for any other bind, keeps the one given', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1']) expect(dashboardToken(host, undefined)).toEqual({ generated: false });
    for (const host of ['0.0.0.0', '192.168.1.20', '::', 'my-host.lan']) expect(dashboardToken(host, undefined, () => 'R'.repeat(32))).toEqual({ token: 'R'.repeat(32), generated: true });
    expect(dashboardToken('0.0.0.0', 'given-token-0123456789')).toEqual({ token: 'given-token-0123456789', generated: false });
    expect(dashboardToken('0.0.0.0', undefined).token).toMatch(/^[\w-]{32}$/);
  });
  it('refuses a short or odd token', () => {
    expect(() => dashboardToken('127.0.0.1', 'short')).toThrow(ConfigError);
    expect(() => dashboardToken('127.0.0.1', 'has spaces in it 0123456')).toThrow(/at least 16 characters/);
  });
});
