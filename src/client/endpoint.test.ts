import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { resolveEndpoint, resolveRegion } from './endpoint.js';

describe('resolveEndpoint', () => {
  const table = [
    { in: { publicKeyId: 'AFVX7ULWSGBZ5535PCUQOY7B' }, baseUrl: 'https://pay-api.amazon.com', host: 'pay-api.amazon.com', region: 'na', prefix: '/live/v2', env: 'live' },
    { in: { publicKeyId: 'AFVX7', region: 'us', sandbox: true }, baseUrl: 'https://pay-api.amazon.com', host: 'pay-api.amazon.com', region: 'na', prefix: '/sandbox/v2', env: 'sandbox' },
    { in: { publicKeyId: 'AFVX7', region: 'de' }, baseUrl: 'https://pay-api.amazon.eu', host: 'pay-api.amazon.eu', region: 'eu', prefix: '/live/v2', env: 'live' },
    { in: { publicKeyId: 'AFVX7', region: 'UK' }, baseUrl: 'https://pay-api.amazon.eu', host: 'pay-api.amazon.eu', region: 'eu', prefix: '/live/v2', env: 'live' },
    { in: { publicKeyId: 'AFVX7', region: 'jp' }, baseUrl: 'https://pay-api.amazon.jp', host: 'pay-api.amazon.jp', region: 'jp', prefix: '/live/v2', env: 'live' },
    { in: { publicKeyId: 'SANDBOX-AFVX7', region: 'eu' }, baseUrl: 'https://pay-api.amazon.eu', host: 'pay-api.amazon.eu', region: 'eu', prefix: '/v2', env: 'key' },
    // The prefix decides whatever the sandbox flag says, and is case-insensitive without a dash (api.md §1.2).
    { in: { publicKeyId: 'live-AFVX7', sandbox: true }, baseUrl: 'https://pay-api.amazon.com', host: 'pay-api.amazon.com', region: 'na', prefix: '/v2', env: 'key' },
    { in: { publicKeyId: 'SANDBOXAFVX7' }, baseUrl: 'https://pay-api.amazon.com', host: 'pay-api.amazon.com', region: 'na', prefix: '/v2', env: 'key' },
    { in: { publicKeyId: 'AFVX7', endpoint: 'http://127.0.0.1:8123' }, baseUrl: 'http://127.0.0.1:8123', host: '127.0.0.1', region: 'na', prefix: '/live/v2', env: 'live' },
    { in: { publicKeyId: 'AFVX7', endpoint: 'https://proxy.example:8443/amazon/', region: 'jp' }, baseUrl: 'https://proxy.example:8443/amazon', host: 'proxy.example', region: 'jp', prefix: '/live/v2', env: 'live' },
    { in: { publicKeyId: 'AFVX7', endpoint: 'http://[::1]:9000' }, baseUrl: 'http://[::1]:9000', host: '::1', region: 'na', prefix: '/live/v2', env: 'live' },
  ] as const;
  for (const row of table) {
    it(`${JSON.stringify(row.in)} → ${row.baseUrl}${row.prefix}`, () => {
      expect(resolveEndpoint(row.in)).toEqual({ baseUrl: row.baseUrl, host: row.host, region: row.region, pathPrefix: row.prefix, environment: row.env });
    });
  }

  it('rejects an unknown region naming the valid ones', () => {
    expect(() => resolveRegion('mars')).toThrow(ConfigError);
    expect(() => resolveRegion('mars')).toThrow(/unknown region "mars": use na, eu or jp \(aliases us, de, uk\)/);
  });

  it.each(['not a url', 'ftp://x', 'http://h/?q=1', 'http://u:p@h'])('rejects the endpoint %s', (endpoint) => {
    expect(() => resolveEndpoint({ publicKeyId: 'K', endpoint })).toThrow(ConfigError);
  });
});
