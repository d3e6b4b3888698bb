/* eslint-disable @typescript-eslint/no-unsafe-member-access -- wire JSON */
import { createHash, createPrivateKey } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import type { EmulatorOptions } from '../../src/emulator/types.js';
import { AbortError, ConfigError } from '../../src/errors.js';
import { signedCall, startEmulator, type Harness } from './helpers.js';
import { startCli } from './start-cli.js';

let dir: string;
const running: Harness[] = [];
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'emu-doc-cache-'));
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((h) => h.emulator.close()));
  rmSync(dir, { recursive: true, force: true });
});

async function start(options: EmulatorOptions = {}): Promise<Harness> {
  const h = await startEmulator(options);
  running.push(h);
  return h;
}

/** A fresh URL for the newest report's document. */
async function documentUrl(h: Harness): Promise<{ reportDocumentId: string; url: string }> {
  const list = await h.call('GET', '/live/v2/reports', { query: { pageSize: 1 } });
  const doc = await h.call('GET', `/live/v2/report-documents/${list.json.reports[0].reportDocumentId}`);
  return doc.json as { reportDocumentId: string; url: string };
}

/**
 * Whatever arrives before the response ends or the connection breaks, with the head (status 0 if
 * a reset lost even that).
 */
function receive(url: string, init: { method?: string; range?: string } = {}): Promise<{ status: number; headers: Record<string, unknown>; body: Buffer; complete: boolean }> {
  return new Promise((resolve) => {
    let answered = false;
    const req = get(url, { method: init.method ?? 'GET', headers: init.range ? { range: init.range } : {}, agent: false }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', () => undefined);
      res.on('close', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks), complete: res.complete }));
    });
    req.on('error', () => {
      if (!answered) resolve({ status: 0, headers: {}, body: Buffer.alloc(0), complete: false });
    });
  });
}

const sha = (b: Buffer): string => createHash('sha256').update(b).digest('hex');
const cached = (): string[] => readdirSync(dir).sort();

describe('documentCacheDir', () => {
  it('serves the same bytes as generation on the fly, whole, by Range and HEAD; the file appears on first use', async () => {
    const plain = await start({ rowsPerSettlement: 3000 });
    const stored = await start({ rowsPerSettlement: 3000, documentCacheDir: dir });
    const a = await documentUrl(plain);
    const b = await documentUrl(stored);
    expect(b.reportDocumentId).toBe(a.reportDocumentId);
    expect(cached()).toEqual([]);

    const whole = await receive(a.url);
    const fromFile = await receive(b.url);
    expect(fromFile.status).toBe(200);
    expect(fromFile.complete).toBe(true);
    expect(sha(fromFile.body)).toBe(sha(whole.body));
    const { sha256, bytes } = await stored.emulator.documentSha256(b.reportDocumentId);
    expect(sha256).toBe(sha(whole.body));
    expect(bytes).toBe(whole.body.length);
    expect(cached()).toEqual([`${b.reportDocumentId}.${sha256}.csv`]);
    expect(sha(readFileSync(join(dir, cached()[0]!)))).toBe(sha256);

    const size = whole.body.length;
    for (const range of ['bytes=0-0', 'bytes=100-4099', `bytes=${size - 10}-`, 'bytes=-25', `bytes=0-${size + 1000}`, `bytes=${size - 1}-${size - 1}`]) {
      const want = await receive(a.url, { range });
      const got = await receive(b.url, { range });
      expect(got.status, range).toBe(206);
      expect(got.headers['content-range'], range).toBe(want.headers['content-range']);
      expect(sha(got.body), range).toBe(sha(want.body));
    }
    expect((await receive(b.url, { range: `bytes=${size}-` })).status).toBe(416);

    const head = await receive(b.url, { method: 'HEAD' });
    const wantHead = await receive(a.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(head.body.length).toBe(0);
    for (const name of ['content-length', 'etag', 'content-type', 'accept-ranges']) expect(head.headers[name], name).toBe(wantHead.headers[name]);
    expect(cached()).toHaveLength(1);
  });

  it('renders a document once for concurrent first downloads, and HEAD or documentSha256 render it too', async () => {
    const h = await start({ days: 3, rowsPerSettlement: 2000, documentCacheDir: dir });
    const doc = await documentUrl(h);
    const [older, oldest] = h.emulator.reports().filter((r) => r.reportDocumentId !== doc.reportDocumentId);
    const bodies = await Promise.all(Array.from({ length: 4 }, () => receive(doc.url)));
    expect(new Set(bodies.map((r) => sha(r.body))).size).toBe(1);
    expect(bodies.every((r) => r.complete)).toBe(true);
    expect(cached()).toEqual([`${doc.reportDocumentId}.${sha(bodies[0]!.body)}.csv`]);

    const { sha256 } = await h.emulator.documentSha256(older!.reportDocumentId!);
    const second = await h.call('GET', `/live/v2/report-documents/${oldest!.reportDocumentId}`);
    expect((await receive(second.json.url as string, { method: 'HEAD' })).status).toBe(200);
    const names = cached();
    expect(names).toHaveLength(3);
    expect(names).toContain(`${older!.reportDocumentId}.${sha256}.csv`);
    expect(names.some((n) => n.endsWith('.tmp'))).toBe(false);
  });

  it('download faults still strike at half the length: truncate and reset, whole and by Range', async () => {
    const h = await start({ rowsPerSettlement: 3000, documentCacheDir: dir });
    const { url } = await documentUrl(h);
    const whole = (await receive(url)).body;
    h.emulator.script([{ operation: 'download', fault: 'truncate', times: 2 }, { operation: 'download', fault: 'reset' }]);

    const truncated = await receive(url);
    expect(truncated.status).toBe(200);
    expect(Number(truncated.headers['content-length'])).toBe(whole.length);
    expect(truncated.complete).toBe(false);
    expect(truncated.body).toEqual(whole.subarray(0, Math.floor(whole.length / 2)));

    const part = await receive(url, { range: 'bytes=1000-5999' });
    expect(part.status).toBe(206);
    expect(part.complete).toBe(false);
    expect(part.body).toEqual(whole.subarray(1000, 3500));

    const reset = await receive(url);
    expect(reset.complete).toBe(false);
    expect(reset.body.length).toBeLessThanOrEqual(Math.floor(whole.length / 2));
    expect(reset.body).toEqual(whole.subarray(0, reset.body.length));

    expect(h.emulator.requests.slice(-3).map((r) => r.fault)).toEqual(['truncate', 'truncate', 'reset']);
    expect(sha((await receive(url)).body)).toBe(sha(whole));
  });

  it('close() ends a download the client stopped reading, and an unfinished render leaves no file', async () => {
    const h = await start({ rowsPerSettlement: 100_000, documentCacheDir: dir });
    const { url, reportDocumentId } = await documentUrl(h);
    await h.emulator.documentSha256(reportDocumentId);
    const stalled = await fetch(url); // its body is never read: the server waits on backpressure
    expect(stalled.status).toBe(200);

    const other = h.emulator.reports().find((r) => r.reportDocumentId !== reportDocumentId)!;
    const render = h.emulator.documentSha256(other.reportDocumentId!);
    await h.emulator.close();
    await expect(render).rejects.toBeInstanceOf(AbortError);
    await expect(stalled.arrayBuffer()).rejects.toThrow();
    expect(cached()).toEqual([`${reportDocumentId}.${(await h.emulator.documentSha256(reportDocumentId)).sha256}.csv`]);
  });

  it('refuses a folder that is missing, a file or empty with a ConfigError naming it and the fix', async () => {
    const missing = join(dir, 'nope');
    await expect(createEmulator({ documentCacheDir: missing })).rejects.toThrow(new ConfigError(
      `the document cache folder ${missing} does not exist: create it (mkdir -p ${missing}) or give another folder (documentCacheDir, --document-cache DIR)`,
    ));
    const file = join(dir, 'file');
    writeFileSync(file, '');
    const notFolder = createEmulator({ documentCacheDir: file });
    await expect(notFolder).rejects.toBeInstanceOf(ConfigError);
    await expect(notFolder).rejects.toThrow(`the document cache folder ${file} is not a folder`);
    await expect(createEmulator({ documentCacheDir: ' ' })).rejects.toThrow(/document cache folder is empty: give a folder/);
  });

  it('--document-cache DIR on the CLI: downloads are rendered into DIR; a missing DIR exits 2 with one line', async () => {
    const run = startCli(['emulator', '--json', '--days', '1', '--document-cache', dir]);
    const announced = JSON.parse(await run.firstLine) as { url: string; publicKeyId: string; privateKeyFile: string };
    const privateKey = createPrivateKey(readFileSync(announced.privateKeyFile, 'utf8'));
    const call = (path: string): ReturnType<typeof signedCall> => signedCall(announced.url, 'GET', path, { publicKeyId: announced.publicKeyId, privateKey, date: new Date() });
    const list = await call('/live/v2/reports');
    const id = list.json.reports[0].reportDocumentId as string;
    const doc = await call(`/live/v2/report-documents/${id}`);
    const body = await receive(doc.json.url as string);
    expect(cached()).toEqual([`${id}.${sha(body.body)}.csv`]);
    expect((await run.stop()).code).toBe(0);
    expect(cached()).toHaveLength(1); // kept: the folder is the user's

    const bad = startCli(['emulator', '--json', '--document-cache', join(dir, 'nope')]);
    const { code, stdout, stderr } = await bad.stop();
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(`${join(dir, 'nope')} does not exist: create it`);
  });
});
