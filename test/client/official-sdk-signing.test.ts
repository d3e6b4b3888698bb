import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { formatCompact, parseTime } from '../../src/dates.js';
import { canonicalRequest, sha256Hex } from '../../src/signing/canonical-request.js';
import { parseRawQuery } from '../../src/signing/canonical-query.js';
import { loadPrivateKey } from '../../src/signing/keys.js';
import { signRequest } from '../../src/signing/sign-request.js';
import { verifyRequest } from '../../src/signing/verify-request.js';

// Interop with amzn/amazon-pay-api-sdk-nodejs: its own helper code path (prepareOptions +
// signHeaders, exactly what AmazonPayClient.apiCall runs) signs Reports requests; no network.
const require = createRequire(import.meta.url);

interface SdkOptions { method: string; urlFragment: string; queryParams?: Record<string, string | number> | null; payload?: unknown; headers?: Record<string, string> | null }
interface SdkConfig { publicKeyId: string; privateKey: string; region: string; sandbox?: boolean; algorithm?: string }
interface SdkHelper {
  prepareOptions(config: SdkConfig, options: SdkOptions): SdkOptions & { payload?: string };
  signHeaders(config: SdkConfig, options: SdkOptions): Record<string, string>;
}
const helper = require('@amazonpay/amazon-pay-api-sdk-nodejs/src/clientHelper.js') as SdkHelper;
// The same CommonJS module object clientHelper.js required; patched only inside captureHashes().
const cjsCrypto = require('crypto') as { createHash: (alg: string) => { update(data: string): unknown; digest(enc: string): string } };

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
const PUBLIC_KEY_ID = 'AFVX7ULWSGBZ5535PCUQOY7B';
const publicKeyFor = (id: string): KeyObject | undefined => (id === PUBLIC_KEY_ID ? publicKey : undefined);

const REPORT_TYPES = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_,_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_';
const CREATE_BODY = { reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', startTime: '20240101T000000Z', endTime: '20240102T000000Z' };

/** Runs the SDK's signing while recording every string it hashes (payload, then canonical request). */
function sdkSign(config: SdkConfig, options: Readonly<SdkOptions>): { headers: Record<string, string>; canonical: string; prepared: SdkOptions & { payload?: string } } {
  const hashed: string[] = [];
  const real = cjsCrypto.createHash;
  cjsCrypto.createHash = (alg: string) => {
    const h = real(alg);
    const update = h.update.bind(h);
    h.update = (data: string) => {
      hashed.push(String(data));
      return update(data);
    };
    return h;
  };
  try {
    // prepareOptions mutates its argument (prefixes urlFragment, defaults headers): give it a copy.
    const prepared = helper.prepareOptions(config, structuredClone(options));
    const headers = helper.signHeaders(config, prepared);
    const canonical = hashed.find((s) => s.startsWith(`${options.method}\n/`));
    if (canonical === undefined) throw new Error('the SDK hashed no canonical request');
    return { headers, canonical, prepared };
  } finally {
    cjsCrypto.createHash = real;
  }
}

/** What the SDK puts on the wire: `/<urlFragment>?<its query string>` (the canonical query line is that string). */
function sdkUrl(prepared: SdkOptions, canonical: string): string {
  const query = canonical.split('\n')[2] ?? '';
  return prepared.queryParams ? `/${prepared.urlFragment}?${query}` : `/${prepared.urlFragment}`;
}

/** Headers as Node's http server would hand them to the emulator: lower-case names. */
function received(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}

function signedHeadersOf(authorization: string): string {
  return /SignedHeaders=([^,]+)/.exec(authorization)?.[1] ?? '';
}

interface Case { name: string; config: SdkConfig; options: SdkOptions; path: string; body: string }

const cases: readonly Case[] = [
  {
    name: 'GET reports with filters (default algorithm, salt 20)',
    config: { publicKeyId: PUBLIC_KEY_ID, privateKey: pem, region: 'us', sandbox: false },
    options: { method: 'GET', urlFragment: 'reports', queryParams: { reportTypes: REPORT_TYPES, createdSince: '2024-01-01T00:00:00Z', pageSize: 10 }, headers: null },
    path: '/live/v2/reports',
    body: '',
  },
  {
    name: 'POST createReport with an idempotency key (V2, salt 32, eu)',
    config: { publicKeyId: PUBLIC_KEY_ID, privateKey: pem, region: 'de', sandbox: true, algorithm: 'AMZN-PAY-RSASSA-PSS-V2' },
    options: { method: 'POST', urlFragment: 'reports', payload: CREATE_BODY, headers: { 'x-amz-pay-idempotency-key': '0123456789abcdef0123456789abcdef' } },
    path: '/sandbox/v2/reports',
    body: JSON.stringify(CREATE_BODY),
  },
  {
    name: "POST createReportSchedule with the idempotency header in the caller's mixed case",
    config: { publicKeyId: PUBLIC_KEY_ID, privateKey: pem, region: 'jp', algorithm: 'AMZN-PAY-RSASSA-PSS-V2' },
    options: { method: 'POST', urlFragment: 'report-schedules', payload: { reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', scheduleFrequency: 'P1D' }, headers: { 'x-amz-pay-Idempotency-Key': 'abc_DEF-123' } },
    path: '/live/v2/report-schedules',
    body: JSON.stringify({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', scheduleFrequency: 'P1D' }),
  },
];

describe('official Node SDK signs, our verifyRequest accepts', () => {
  for (const c of cases) {
    it(c.name, () => {
      const { headers, canonical, prepared } = sdkSign(c.config, c.options);
      // The SDK's quirks are really exercised: extended date, signed user-agent, caller's key case.
      expect(headers['x-amz-pay-date']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      const signedHeaders = signedHeadersOf(headers.authorization ?? '');
      expect(signedHeaders).toContain('user-agent');
      if (c.options.headers) expect(signedHeaders).toContain(Object.keys(c.options.headers)[0]);
      const url = sdkUrl(prepared, canonical);
      expect(url.startsWith(c.path)).toBe(true);

      const result = verifyRequest({ method: c.options.method, url, headers: received(headers), body: c.body }, { publicKeyFor, now: new Date() });
      expect(result).toMatchObject({ ok: true, publicKeyId: PUBLIC_KEY_ID, algorithm: c.config.algorithm ?? 'AMZN-PAY-RSASSA-PSS' });
    });
  }

  it('rejects the SDK-signed request once the body is altered (the check is real)', () => {
    const c = cases[1]!;
    const { headers, canonical, prepared } = sdkSign(c.config, c.options);
    const result = verifyRequest({ method: 'POST', url: sdkUrl(prepared, canonical), headers: received(headers), body: c.body.replace('REFUND', 'CAPTURE') }, { publicKeyFor, now: new Date() });
    expect(result).toMatchObject({ ok: false, reasonCode: 'InvalidRequestSignature' });
  });
});

describe('our canonical request equals what the official SDK signs', () => {
  for (const c of cases) {
    it(`${c.name}: rebuilt from the SDK's headers, byte for byte`, () => {
      const { headers, canonical, prepared } = sdkSign(c.config, c.options);
      const url = sdkUrl(prepared, canonical);
      const q = url.indexOf('?');
      const ours = canonicalRequest({
        method: c.options.method,
        path: q === -1 ? url : url.slice(0, q),
        query: q === -1 ? [] : parseRawQuery(url.slice(q + 1)),
        headers: received(headers),
        signedHeaders: signedHeadersOf(headers.authorization ?? ''),
        payloadHash: sha256Hex(c.body),
      });
      expect(ours).toBe(canonical);
    });

    it(`${c.name}: from signRequest's own inputs, date format and the SDK's signed user-agent aside`, () => {
      const { headers: sdkHeaders, canonical } = sdkSign(c.config, c.options);
      const date = parseTime(sdkHeaders['x-amz-pay-date'] ?? '');
      if (!date) throw new Error('unreadable SDK date');
      const idempotencyKey = c.options.headers ? Object.values(c.options.headers)[0] : undefined;
      const ourHeaders = signRequest({
        method: c.options.method,
        path: c.path,
        query: c.options.queryParams ?? undefined,
        host: sdkHeaders['x-amz-pay-host'] ?? '',
        region: sdkHeaders['x-amz-pay-region'] ?? '',
        body: c.body === '' ? undefined : c.body,
        idempotencyKey,
        publicKeyId: PUBLIC_KEY_ID,
        privateKey: loadPrivateKey({ pem }),
        algorithm: 'AMZN-PAY-RSASSA-PSS-V2',
        date,
      });
      const ours = canonicalRequest({
        method: c.options.method,
        path: c.path,
        query: Object.entries(c.options.queryParams ?? {}).map(([k, v]) => [k, String(v)] as const),
        headers: ourHeaders,
        signedHeaders: signedHeadersOf(ourHeaders.authorization ?? ''),
        payloadHash: sha256Hex(c.body),
      });
      // Normalise the documented differences: the SDK's extended x-amz-pay-date, its signed
      // user-agent, and its caller-case SignedHeaders entry (api.md §7.2, §7.3).
      const lines = canonical.split('\n').filter((line) => !line.startsWith('user-agent:'));
      const signedAt = lines.length - 2; // SignedHeaders is the line before the payload hash
      const sdkNormalised = lines
        .map((line, i) => {
          if (line.startsWith('x-amz-pay-date:')) return `x-amz-pay-date:${formatCompact(date)}`;
          if (i === signedAt) return line.split(';').filter((n) => n !== 'user-agent').map((n) => n.toLowerCase()).join(';');
          return line;
        })
        .join('\n');
      expect(ours).toBe(sdkNormalised);
    });
  }
});
