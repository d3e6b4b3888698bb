import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { AbortError, ApiError, AuthError, ConfigError, NetworkError, RateLimitError, TimeoutError } from '../../src/errors.js';
import { recordingFetch, startHarness, testEffects, type Harness, type WireRecord } from './helpers/emulator-client.js';

// No error message, stack, inspection or log line may hold the private key, a signature, the
// authorization header or a pre-signed URL's query string (issue 2, "What it must show").

let h: Harness;
let other: Harness;
const fx = testEffects();
const wire: WireRecord[] = [];
const documentQueries: string[] = [];
const errors: unknown[] = [];

beforeAll(async () => {
  h = await startHarness({ days: 5 });
  other = await startHarness({ days: 1, seed: 99 });
});
afterAll(async () => {
  await h.emulator.close();
  await other.emulator.close();
});

function client(overrides: Parameters<Harness['client']>[0] = {}) {
  const { fetch, sent } = recordingFetch();
  const c = h.client({ fetch, logger: fx.logger, sleep: fx.sleep, ...overrides });
  return {
    c,
    done: () => {
      wire.push(...sent);
    },
  };
}

async function failure(run: () => Promise<unknown>): Promise<unknown> {
  const err = await run().then(() => undefined, (e: unknown) => e);
  errors.push(err);
  return err;
}

function texts(err: unknown): string[] {
  return err instanceof Error ? [err.message, err.stack ?? '', String(err), inspect(err, { depth: 6 }), JSON.stringify(err)] : [String(err)];
}

function assertClean(text: string, secrets: { pems: string[] }): void {
  expect(text).not.toContain('-----BEGIN');
  for (const pem of secrets.pems)
    for (const line of pem.split('\n').filter((l) => l.length >= 20 && !l.startsWith('-----'))) expect(text).not.toContain(line);
  expect(text).not.toMatch(/Signature=(?!\[REDACTED\])[A-Za-z0-9+/=]{8,}/);
  for (const w of wire) {
    const auth = w.headers.authorization ?? '';
    const signature = /Signature=(\S+)/.exec(auth)?.[1] ?? '';
    expect(signature.length).toBeGreaterThan(100);
    expect(text).not.toContain(signature);
    expect(text).not.toContain(auth);
  }
  for (const q of documentQueries) expect(text).not.toContain(q.slice(1));
  expect(text).not.toMatch(/X-Amz-Signature=(?!\[REDACTED\])\w/);
}

describe('redaction on every client error path and log line', () => {
  it('collects errors from every path', async () => {
    // A successful document fetch: its URL is the secret that must never show up below.
    const ok = client();
    const report = (await (async () => {
      for await (const r of ok.c.reports.list({ reportTypes: ['settlement'], processingStatuses: ['COMPLETED'] })) return r;
      return undefined;
    })())!;
    const doc = await ok.c.reportDocuments.get(report.reportDocumentId!);
    documentQueries.push(new URL(doc.url).search);
    expect(documentQueries[0]).toMatch(/X-Amz-Signature=/);
    ok.done();

    // ApiError (400, not retried) and RateLimitError (429, retries exhausted).
    const api = client({ retry: { retries: 0 } });
    h.emulator.script([{ operation: 'getReportDocument', fault: 500, times: 1 }]);
    expect(await failure(() => api.c.reportDocuments.get(report.reportDocumentId!))).toBeInstanceOf(ApiError);
    h.emulator.script([{ operation: 'getReportSchedules', fault: 429, times: 1, retryAfter: 1 }]);
    expect(await failure(() => api.c.reportSchedules.list())).toBeInstanceOf(RateLimitError);
    expect(await failure(() => api.c.createReportSchedule({ reportType: 'refund', scheduleFrequency: 'P9D' }))).toBeInstanceOf(ApiError);
    api.done();

    // AuthError: signed with another merchant's key; the server echoes its string-to-sign.
    const wrong = client({ privateKey: { pem: other.privateKeyPem } });
    expect(await failure(() => wrong.c.reportSchedules.list())).toBeInstanceOf(AuthError);
    wrong.done();

    // NetworkError: the document response (holding the pre-signed URL) is cut mid-body, every time.
    const reset = client({ retry: { retries: 1 } });
    h.emulator.script([{ operation: 'getReportDocument', fault: 'reset', times: 2 }]);
    expect(await failure(() => reset.c.reportDocuments.get(report.reportDocumentId!))).toBeInstanceOf(NetworkError);
    reset.done();

    // TimeoutError and AbortError.
    const slow = client({ timeoutMs: 200, retry: { retries: 0 } });
    h.emulator.script([{ operation: 'getReportDocument', fault: 'slow', delayMs: 20_000 }]);
    expect(await failure(() => slow.c.reportDocuments.get(report.reportDocumentId!))).toBeInstanceOf(TimeoutError);
    expect(await failure(() => slow.c.reportSchedules.list({}, { signal: AbortSignal.abort() }))).toBeInstanceOf(AbortError);
    slow.done();

    // ConfigError from bad keys: truncated PEM, a public key given as private, PEM text as a file name, a corrupt body.
    const full = h.privateKeyPem;
    const truncated = full.slice(0, Math.floor(full.length / 2));
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    for (const privateKey of [{ pem: truncated }, { pem: publicPem }, { file: full }, { pem: full.replace(/\n[A-Za-z0-9+/]{10}/, '\n**********') }]) {
      expect(await failure(() => Promise.resolve().then(() => createClient({ publicKeyId: h.publicKeyId, privateKey, endpoint: h.emulator.url })))).toBeInstanceOf(ConfigError);
    }
    expect(errors.length).toBe(11);
    expect(wire.length).toBeGreaterThan(5);
    expect(fx.lines.length).toBeGreaterThan(5);
  });

  it('no error holds a secret', () => {
    for (const err of errors) for (const t of texts(err)) assertClean(t, { pems: [h.privateKeyPem, other.privateKeyPem] });
  });

  it('no log line holds a secret', () => {
    for (const line of fx.lines) assertClean(line, { pems: [h.privateKeyPem, other.privateKeyPem] });
    expect(fx.lines.some((l) => /^debug GET \/live\/v2\/report-documents\/\S+ → 200 \(requestId \S+, \d+ ms, attempt 1\)$/.test(l))).toBe(true);
  });

  it('the check itself catches a leak (so the passes above mean something)', () => {
    const pems = [h.privateKeyPem];
    expect(() => assertClean(`oops ${wire[0]!.headers.authorization ?? ''}`, { pems })).toThrow();
    expect(() => assertClean(`oops ${h.privateKeyPem.split('\n')[3] ?? ''}`, { pems })).toThrow();
    expect(() => assertClean(`oops https://x/documents/t${documentQueries[0] ?? ''}`, { pems })).toThrow();
  });
});
