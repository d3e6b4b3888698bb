import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { canonicalQuery } from './canonical-query.js';
import { canonicalRequest, sha256Hex } from './canonical-request.js';
import { EMPTY_PAYLOAD_HASH, SALT_LENGTHS, type SigningAlgorithm } from './constants.js';
import { pssSign, pssVerify } from './pss.js';
import { signRequest } from './sign-request.js';
import { SIGNING_VECTORS } from './signing.fixture.js';
import { stringToSign } from './string-to-sign.js';
import { verifyRequest } from './verify-request.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });

describe('canonical request golden vectors (api.md §7.7)', () => {
  for (const v of SIGNING_VECTORS) {
    it(v.name, () => {
      expect(canonicalQuery(v.query)).toBe(v.canonicalQuery);
      const canonical = canonicalRequest({ method: v.method, path: v.path, query: v.query, headers: v.headers, signedHeaders: v.signedHeaders, payloadHash: sha256Hex(v.body) });
      expect(sha256Hex(canonical)).toBe(v.canonicalSha256);
    });
  }

  it('hashes an empty payload to the documented constant', () => {
    expect(sha256Hex('')).toBe(EMPTY_PAYLOAD_HASH);
  });

  it('sorts keys ordinally and encodes non-ASCII as UTF-8 upper-case hex', () => {
    expect(canonicalQuery([['A.2', 'x'], ['A.10', 'y'], ['A.1', 'z']])).toBe('A.1=z&A.10=y&A.2=x');
    expect(canonicalQuery([['\u1234', "!'()*~"]])).toBe('%E1%88%B4=%21%27%28%29%2A~');
  });

  it('builds the string to sign from the algorithm name and the canonical hash', () => {
    const v = SIGNING_VECTORS[3]!;
    const canonical = canonicalRequest({ method: v.method, path: v.path, query: v.query, headers: v.headers, signedHeaders: v.signedHeaders, payloadHash: EMPTY_PAYLOAD_HASH });
    expect(stringToSign('AMZN-PAY-RSASSA-PSS-V2', canonical)).toBe(`AMZN-PAY-RSASSA-PSS-V2\n${v.canonicalSha256}`);
  });
});

describe('RSASSA-PSS', () => {
  for (const alg of Object.keys(SALT_LENGTHS) as SigningAlgorithm[]) {
    it(`${alg} signs and verifies; the other salt length does not verify`, () => {
      const sig = pssSign(alg, privateKey, 'hello');
      expect(pssVerify(alg, publicKey, 'hello', sig)).toBe(true);
      expect(pssVerify(alg, publicKey, 'hellO', sig)).toBe(false);
      const other: SigningAlgorithm = alg === 'AMZN-PAY-RSASSA-PSS' ? 'AMZN-PAY-RSASSA-PSS-V2' : 'AMZN-PAY-RSASSA-PSS';
      expect(pssVerify(other, publicKey, 'hello', sig)).toBe(false);
    });
  }
});

describe('signRequest → verifyRequest', () => {
  const now = new Date('2026-11-27T12:00:00Z');
  const keys = (id: string) => (id === 'LIVE-ABC' ? publicKey : undefined);
  const sign = (over: Partial<Parameters<typeof signRequest>[0]> = {}) =>
    signRequest({ method: 'GET', path: '/v2/reports', query: { pageSize: 5, reportTypes: 'A,B' }, host: 'pay-api.amazon.com', region: 'na', publicKeyId: 'LIVE-ABC', privateKey, date: now, ...over });

  for (const algorithm of Object.keys(SALT_LENGTHS) as SigningAlgorithm[]) {
    it(`round-trips with ${algorithm}`, () => {
      const headers = sign({ algorithm });
      expect(headers.authorization).toMatch(new RegExp(`^${algorithm} PublicKeyId=LIVE-ABC, SignedHeaders=accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-region, Signature=`));
      const r = verifyRequest({ method: 'GET', url: '/v2/reports?reportTypes=A%2CB&pageSize=5', headers, body: '' }, { publicKeyFor: keys, now });
      expect(r).toMatchObject({ ok: true, publicKeyId: 'LIVE-ABC', algorithm });
    });
  }

  it('signs the idempotency key and the body', () => {
    const body = '{"reportType":"X"}';
    const headers = sign({ method: 'POST', query: undefined, body, idempotencyKey: 'k1' });
    expect(headers.authorization).toContain('x-amz-pay-host;x-amz-pay-idempotency-key;x-amz-pay-region');
    expect(verifyRequest({ method: 'POST', url: '/v2/reports', headers, body }, { publicKeyFor: keys, now }).ok).toBe(true);
    expect(verifyRequest({ method: 'POST', url: '/v2/reports', headers, body: body + ' ' }, { publicKeyFor: keys, now })).toMatchObject({ ok: false, reasonCode: 'InvalidRequestSignature' });
    expect(verifyRequest({ method: 'POST', url: '/v2/reports', headers: { ...headers, 'x-amz-pay-idempotency-key': 'k2' }, body }, { publicKeyFor: keys, now }).ok).toBe(false);
  });

  it('rejects a tampered query, an unknown key, a missing header, a future and a stale date', () => {
    const headers = sign();
    const url = '/v2/reports?pageSize=5&reportTypes=A%2CB';
    expect(verifyRequest({ method: 'GET', url: url.replace('5', '6'), headers, body: '' }, { publicKeyFor: keys, now })).toMatchObject({ ok: false, status: 401, reasonCode: 'InvalidRequestSignature' });
    expect(verifyRequest({ method: 'GET', url, headers, body: '' }, { publicKeyFor: () => undefined, now })).toMatchObject({ ok: false, reasonCode: 'InvalidRequestSignature' });
    expect(verifyRequest({ method: 'GET', url, headers: { ...headers, authorization: undefined }, body: '' }, { publicKeyFor: keys, now })).toMatchObject({ ok: false, reasonCode: 'InvalidRequestSignature' });
    const future = sign({ date: new Date(now.getTime() + 5 * 60_000) });
    expect(verifyRequest({ method: 'GET', url, headers: future, body: '' }, { publicKeyFor: keys, now })).toMatchObject({ ok: false, status: 400, reasonCode: 'InvalidHeaderValue', message: expect.stringContaining('should not be in future') as unknown });
    const stale = sign({ date: new Date(now.getTime() - 60 * 60_000) });
    expect(verifyRequest({ method: 'GET', url, headers: stale, body: '' }, { publicKeyFor: keys, now })).toMatchObject({ ok: false, reasonCode: 'InvalidHeaderValue' });
  });

  it('keeps a trailing slash significant', () => {
    const headers = sign({ path: '/v2/reports/' });
    expect(verifyRequest({ method: 'GET', url: '/v2/reports/?pageSize=5&reportTypes=A%2CB', headers, body: '' }, { publicKeyFor: keys, now }).ok).toBe(true);
    expect(verifyRequest({ method: 'GET', url: '/v2/reports?pageSize=5&reportTypes=A%2CB', headers, body: '' }, { publicKeyFor: keys, now }).ok).toBe(false);
  });
});
