import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import type { Client } from '../../src/client/types.js';
import { downloadReport, prefetchDocument } from '../../src/download/download-report.js';
import { httpGet, type HttpGet } from '../../src/download/http-get.js';
import { createEmulator } from '../../src/emulator/index.js';
import type { Emulator, EmulatorReportView } from '../../src/emulator/types.js';
import { AbortError, ConfigError, DownloadError } from '../../src/errors.js';

let emulator: Emulator;
let client: Client;
/** Settlements of a few MB, so a connection dropped halfway has delivered plenty of bytes to keep. */
let big: Emulator;
let bigClient: Client;
let completed: EmulatorReportView[];
let dir: string;
// The emulator's clock starts at the real time (the client signs with it) and only moves forward.
let clockMs = Date.now();
const noSleep = () => Promise.resolve();

beforeAll(async () => {
  emulator = await createEmulator({ seed: 7, days: 20, now: () => new Date(clockMs) });
  const merchant = emulator.defaultMerchant;
  if (!merchant) throw new Error('no default merchant');
  client = createClient({
    publicKeyId: merchant.publicKeyId,
    privateKey: { pem: merchant.privateKeyPem },
    endpoint: emulator.url,
    sleep: noSleep,
  });
  completed = emulator.reports().filter((r) => r.processingStatus === 'COMPLETED' && r.reportDocumentId);
  big = await createEmulator({ seed: 3, days: 3, rowsPerSettlement: 20_000 });
  const bigMerchant = big.defaultMerchant;
  if (!bigMerchant) throw new Error('no default merchant');
  bigClient = createClient({ publicKeyId: bigMerchant.publicKeyId, privateKey: { pem: bigMerchant.privateKeyPem }, endpoint: big.url, sleep: noSleep });
});
afterAll(async () => {
  await emulator.close();
  await big.close();
});
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'apr-dl-emu-'));
  return () => rmSync(dir, { recursive: true, force: true });
});

/** The operations the emulator served since `from`, with their status. */
const served = (from: number) => emulator.requests.slice(from).map((r) => `${r.operation} ${r.status}`);
const pick = (i: number): EmulatorReportView & { reportDocumentId: string } => {
  const r = completed[i];
  if (!r?.reportDocumentId) throw new Error(`the emulator has fewer than ${i + 1} completed reports`);
  return r as EmulatorReportView & { reportDocumentId: string };
};
const sha256Of = (path: string) => createHash('sha256').update(readFileSync(path)).digest('hex');

describe('downloadReport against the emulator', () => {
  it('looks the report up, mints a URL and stores the exact bytes', async () => {
    expect(completed.length).toBeGreaterThan(3);
    const r = pick(0);
    const from = emulator.requests.length;
    const result = await downloadReport({ client, reportId: r.reportId, outDir: dir, sleep: noSleep });
    const expected = await emulator.documentSha256(r.reportDocumentId);
    expect(result).toMatchObject({ reportId: r.reportId, sha256: expected.sha256, bytes: expected.bytes, compression: 'none', attempts: 1 });
    expect(sha256Of(result.path)).toBe(expected.sha256);
    expect(served(from)).toEqual(['getReportById 200', 'getReportDocument 200', 'download 200']);
  });

  it('skips the lookup when the report is given', async () => {
    const r = pick(1);
    const report = await client.reports.get(r.reportId);
    const from = emulator.requests.length;
    await downloadReport({ client, reportId: r.reportId, report, outDir: dir, sleep: noSleep });
    expect(served(from)).toEqual(['getReportDocument 200', 'download 200']);
  });

  it('uses a young prefetched URL for the first attempt, and mints afresh when it is too old', async () => {
    const r = pick(3);
    const report = await client.reports.get(r.reportId);
    const expected = await emulator.documentSha256(r.reportDocumentId);
    const prefetched = prefetchDocument(client, r.reportDocumentId);
    await prefetched.document;
    let from = emulator.requests.length;
    const result = await downloadReport({ client, reportId: r.reportId, report, outDir: dir, sleep: noSleep, prefetched });
    expect(result.sha256).toBe(expected.sha256);
    expect(served(from)).toEqual(['download 200']);

    const stale = prefetchDocument(client, r.reportDocumentId);
    await stale.document;
    from = emulator.requests.length;
    await downloadReport({ client, reportId: r.reportId, report, outDir: dir, sleep: noSleep, prefetched: stale, prefetchedMaxAgeMs: -1 });
    expect(served(from)).toEqual(['getReportDocument 200', 'download 200']);
  });

  it('a URL that expires before the transfer starts is re-minted (the clock moves 31 s)', async () => {
    const r = pick(2);
    let slowed = false;
    // A slow network between minting and the GET: the emulator's clock passes the 30 s validity.
    const lateGet: HttpGet = (url, init) => {
      if (!slowed) {
        slowed = true;
        clockMs += 31_000;
      }
      return httpGet(url, init);
    };
    const from = emulator.requests.length;
    const result = await downloadReport({ client, reportId: r.reportId, outDir: dir, httpGet: lateGet, sleep: noSleep });
    expect(result.sha256).toBe((await emulator.documentSha256(r.reportDocumentId)).sha256);
    expect(served(from)).toEqual(['getReportById 200', 'getReportDocument 200', 'download 403', 'getReportDocument 200', 'download 200']);
  });

  it.each([
    ['expire', ['download 403', 'getReportDocument 200', 'download 200']],
    [403, ['download 403', 'getReportDocument 200', 'download 200']],
  ] as const)('a scripted %s on the download: a fresh URL, then the whole file', async (fault, tail) => {
    const r = pick(3);
    const report = await client.reports.get(r.reportId);
    emulator.script([{ operation: 'download', fault }]);
    const from = emulator.requests.length;
    const result = await downloadReport({ client, reportId: r.reportId, report, outDir: dir, sleep: noSleep });
    const expected = await emulator.documentSha256(r.reportDocumentId);
    expect(result).toMatchObject({ sha256: expected.sha256, bytes: expected.bytes, attempts: 2 });
    expect(sha256Of(result.path)).toBe(expected.sha256);
    expect(served(from)).toEqual(['getReportDocument 200', ...tail]);
  });

  it.each(['truncate', 'reset'] as const)('a %s halfway through: a fresh URL and the rest fetched with Range (206)', async (fault) => {
    const r = big.reports().find((x) => x.processingStatus === 'COMPLETED' && x.reportType.includes('SETTLEMENT') && x.reportDocumentId);
    if (!r?.reportDocumentId) throw new Error('no completed settlement');
    const expected = await big.documentSha256(r.reportDocumentId);
    expect(expected.bytes).toBeGreaterThan(1_000_000);
    const report = await bigClient.reports.get(r.reportId);
    big.script([{ operation: 'download', fault }]);
    const from = big.requests.length;
    const result = await downloadReport({ client: bigClient, reportId: r.reportId, report, outDir: dir, sleep: noSleep });
    expect(result).toMatchObject({ sha256: expected.sha256, bytes: expected.bytes, attempts: 2 });
    expect(sha256Of(result.path)).toBe(expected.sha256);
    expect(big.requests.slice(from).map((q) => `${q.operation} ${q.status}`)).toEqual([
      'getReportDocument 200', 'download 200', 'getReportDocument 200', 'download 206',
    ]);
    expect(readdirSync(dir, { recursive: true }).filter((n) => String(n).endsWith('.part'))).toEqual([]);
  });

  it('an already-expired URL from Get Report Document is re-minted', async () => {
    const r = pick(0);
    emulator.script([{ operation: 'getReportDocument', fault: 'expire' }]);
    const from = emulator.requests.length;
    const report = await client.reports.get(r.reportId);
    const result = await downloadReport({ client, reportId: r.reportId, report, outDir: dir, sleep: noSleep });
    expect(result.attempts).toBe(2);
    expect(served(from).slice(1)).toEqual(['getReportDocument 200', 'download 403', 'getReportDocument 200', 'download 200']);
  });

  it('stops after maxAttempts with a DownloadError that says what happened and hides the URL query', async () => {
    const r = pick(1);
    emulator.script([{ operation: 'download', fault: 'reset', times: 3 }]);
    const from = emulator.requests.length;
    const error = await downloadReport({ client, reportId: r.reportId, outDir: dir, maxAttempts: 3, sleep: noSleep }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    const message = (error as Error).message;
    expect(message).toMatch(new RegExp(`report ${r.reportId}: download failed after 3 attempts; last: GET http://127\\.0\\.0\\.1:\\d+/documents/[^ ]+ connection dropped`));
    expect(message).not.toMatch(/X-Amz-Signature=|X-Amz-Date=/);
    expect(served(from).filter((s) => s.startsWith('download'))).toHaveLength(3);
    expect(readdirSync(dir, { recursive: true }).filter((n) => String(n).endsWith('.part'))).toEqual([]);
  });

  it('a transfer that stalls is abandoned and retried with a fresh URL', async () => {
    const r = pick(2);
    const report = await client.reports.get(r.reportId);
    emulator.script([{ operation: 'download', fault: 'slow', delayMs: 120_000 }]);
    const from = emulator.requests.length;
    const result = await downloadReport({ client, reportId: r.reportId, report, outDir: dir, sleep: noSleep, stallTimeoutMs: 1000 });
    expect(result.sha256).toBe((await emulator.documentSha256(r.reportDocumentId)).sha256);
    // At least the stalled attempt failed; a loaded machine may stall another one, which is fine.
    expect(result.attempts).toBeGreaterThanOrEqual(2);
    expect(served(from).filter((x) => x.startsWith('getReportDocument'))).toHaveLength(result.attempts);
  });

  it('an abort stops the download with an AbortError and leaves no temp file', async () => {
    const r = pick(2);
    const report = await client.reports.get(r.reportId);
    emulator.script([{ operation: 'download', fault: 'slow', delayMs: 120_000 }]);
    const controller = new AbortController();
    // Abort once the request is on its way: the emulator holds the response.
    const abortingGet: HttpGet = (url, init) => {
      const pending = httpGet(url, init);
      setImmediate(() => controller.abort(new Error('user pressed ^C')));
      return pending;
    };
    await expect(
      downloadReport({ client, reportId: r.reportId, report, outDir: dir, httpGet: abortingGet, signal: controller.signal, sleep: noSleep }),
    ).rejects.toBeInstanceOf(AbortError);
    expect(readdirSync(dir, { recursive: true }).filter((n) => String(n).endsWith('.part'))).toEqual([]);
  });

  it('report files are owner-only', async () => {
    const result = await downloadReport({ client, reportId: pick(0).reportId, outDir: dir, sleep: noSleep });
    expect(statSync(result.path).mode & 0o777).toBe(0o600);
  });

  it('a report id that does not exist is a clear error', async () => {
    await expect(downloadReport({ client, reportId: 'S00-0000000-0000000', outDir: dir, sleep: noSleep })).rejects.toThrow(
      'report S00-0000000-0000000 does not exist (or is past the 90-day retention)',
    );
  });
});

describe('bad download options', () => {
  it('maxAttempts NaN is a ConfigError before any request, not "failed after NaN attempts"', async () => {
    const report = completed[0]!;
    const from = emulator.requests.length;
    const err = await downloadReport({ client, reportId: report.reportId, outDir: dir, maxAttempts: Number.NaN }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConfigError);
    expect((err as Error).message).toMatch(/maxAttempts must be a number from 1/);
    expect(emulator.requests.length).toBe(from);
    expect(readdirSync(dir)).toEqual([]);
  });
});
