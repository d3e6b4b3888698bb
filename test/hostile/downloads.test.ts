import { readdirSync, readFileSync } from 'node:fs';
import type { ServerResponse } from 'node:http';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync } from 'node:zlib';
import { beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/client/types.js';
import { DEFAULT_MAX_BYTES, downloadReport } from '../../src/download/download-report.js';
import type { DownloadOptions } from '../../src/download/download-types.js';
import { getFollowingRedirects } from '../../src/download/get-following-redirects.js';
import { httpGet } from '../../src/download/http-get.js';
import { DownloadError } from '../../src/errors.js';
import { fakeClient } from '../download/file-server.js';
import { makeZip } from '../download/make-zip.js';
import { hostileFixtures } from './fixtures.js';
import { gzipBomb, pump, type HostileServer } from './hostile-server.js';
import { clearError, measure, MEMORY_BOUND, MiB, RAW_ERROR } from './memory-probe.js';

const report: Report = {
  reportId: 'R-100', reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', processingStatus: 'COMPLETED',
  createdTime: '2026-10-30T12:00:00Z', startTime: '2026-10-16T00:00:00Z', reportDocumentId: 'DOC-100',
};
const csv = Buffer.from(Array.from({ length: 20_000 }, (_, i) => `row${i},${i}.50,USD\n`).join(''));
const finalName = 'settlement/2026-10-16_R-100.csv';

const fixtures = hostileFixtures();
let dir: string;
beforeEach(() => {
  dir = fixtures.tempDir();
});

function serve(handler: (path: string, res: ServerResponse) => void): Promise<HostileServer> {
  return fixtures.serve((req, res) => handler(req.url ?? '', res));
}

/** Downloads R-100 from `server`, measuring memory and the bytes under the out folder. */
function download(server: HostileServer, options: Partial<DownloadOptions> = {}) {
  return measure(() => downloadReport({ client: fakeClient(server, [report]), reportId: 'R-100', outDir: dir, sleep: () => Promise.resolve(), maxAttempts: 3, ...options }), dir);
}

function files(): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name).slice(dir.length + 1));
}

/** Ours, naming the report and its file, with no raw zlib/undici text; nothing left behind. */
function expectDownloadError(error: Error, pattern: RegExp): void {
  expect(error).toBeInstanceOf(DownloadError);
  expect(error.message).toMatch(pattern);
  expect(error.message).not.toMatch(RAW_ERROR);
  expect(error.message).not.toContain('X-Amz-Signature=sekret');
  expect(files()).toEqual([]);
}

describe('document bytes are stored as served', () => {
  it('asks for Accept-Encoding: identity', async () => {
    const server = await serve((_p, res) => res.writeHead(200, { 'content-length': csv.length }).end(csv));
    const { outcome } = await download(server);
    expect(outcome).toHaveProperty('value');
    expect(server.requests.map((r) => r.headers['accept-encoding'])).toEqual(['identity']);
  });

  it('Content-Encoding: gzip with a Content-Length: the gzip bytes are stored and decompressed by magic bytes', async () => {
    const body = gzipSync(csv);
    const server = await serve((_p, res) => res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': body.length }).end(body));
    const { outcome } = await download(server);
    expect(outcome).toMatchObject({ value: { compression: 'gzip', bytes: csv.length, attempts: 1 } });
    expect(readFileSync(join(dir, finalName)).equals(csv)).toBe(true);
  });

  it('a Content-Encoding gzip bomb is stopped by the bomb limits while streaming: bounded on disk and in memory', async () => {
    const bomb = gzipBomb(64); // 1 GiB of zeros from about 1 MiB served
    const server = await serve((_p, res) => {
      res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': bomb.member.length * bomb.copies });
      pump(res, bomb.member, bomb.member.length * bomb.copies);
    });
    const { outcome, peaks } = await download(server, { maxBytes: 32 * MiB });
    const error = clearError(outcome);
    expectDownloadError(error, /^report R-100 \(.*settlement\/2026-10-16_R-100\.csv\): decompressed report exceeds the 33554432-byte limit \(maxBytes\); refusing it as a possible decompression bomb$/);
    expect(peaks.diskBytes).toBeLessThan(40 * MiB);
    expect(peaks.rssGrowth).toBeLessThan(MEMORY_BOUND);
    expect(server.requests).toHaveLength(1);
  });

  it('a gzip bomb served plain is stopped by the ratio limit, long before maxBytes', async () => {
    const bomb = gzipBomb(4); // 64 MiB of zeros from about 64 KiB
    const served = Buffer.concat(Array.from({ length: bomb.copies }, () => bomb.member));
    const server = await serve((_p, res) => res.writeHead(200, { 'content-length': served.length }).end(served));
    const { outcome, peaks } = await download(server, { maxRatio: 50 });
    expectDownloadError(clearError(outcome), /^report R-100 \(.*\): report decompresses more than 50x \(maxRatio\) its \d+ compressed bytes; refusing it as a possible decompression bomb$/);
    expect(peaks.diskBytes).toBeLessThan(8 * MiB);
  });

  it.each([
    ['served as Content-Encoding: gzip', { 'content-encoding': 'gzip' }],
    ['served plain', {}],
  ])('a corrupt gzip %s gives our own error naming the report and file, once, not retried', async (_label, headers) => {
    const body = Buffer.concat([Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.alloc(5000, 0x41)]);
    const server = await serve((_p, res) => res.writeHead(200, { ...headers, 'content-length': body.length }).end(body));
    const error = clearError((await download(server)).outcome);
    expectDownloadError(error, /^report R-100 \(.*settlement\/2026-10-16_R-100\.csv\): the file starts like gzip but is corrupt or cut short; it cannot be decompressed$/);
    expect(server.requests).toHaveLength(1);
  });

  it('a gzip cut short is corrupt too', async () => {
    const body = gzipSync(csv).subarray(0, 2000);
    const server = await serve((_p, res) => res.writeHead(200, { 'content-length': body.length }).end(body));
    expectDownloadError(clearError((await download(server)).outcome), /R-100 .*: the file starts like gzip but is corrupt or cut short/);
  });

  it('a zip whose deflate data is damaged gives our own error naming the report and file', async () => {
    const body = makeZip([{ name: 'report.csv', content: csv }]);
    body.fill(0xff, 60, 400);
    const server = await serve((_p, res) => res.writeHead(200, { 'content-length': body.length }).end(body));
    expectDownloadError(clearError((await download(server)).outcome), /^report R-100 \(.*settlement\/2026-10-16_R-100\.csv\): the zipped report is corrupt/);
  });

  it('a Content-Encoding we cannot check (br) is refused, not silently decoded', async () => {
    const body = brotliCompressSync(csv);
    const server = await serve((_p, res) => res.writeHead(200, { 'content-encoding': 'br', 'content-length': body.length }).end(body));
    const error = clearError((await download(server)).outcome);
    expectDownloadError(error, /the server sent Content-Encoding "br" though asked for identity; refusing bytes that cannot be checked/);
  });
});

describe('document size limits act while streaming', () => {
  it('an endless body without Content-Length stops at maxBytes: bounded on disk and in memory', async () => {
    const server = await serve((_p, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      pump(res, csv, 400 * MiB);
    });
    const { outcome, peaks } = await download(server, { maxBytes: 8 * MiB });
    expectDownloadError(clearError(outcome), /the report body is over the 8388608-byte limit \(maxBytes\)/);
    expect(peaks.diskBytes).toBeLessThanOrEqual(8 * MiB);
    expect(peaks.rssGrowth).toBeLessThan(MEMORY_BOUND);
    expect(server.requests).toHaveLength(1);
  });

  it('the default limit suits report files (512 MiB): a bigger Content-Length is refused before a byte is stored', async () => {
    expect(DEFAULT_MAX_BYTES).toBe(512 * MiB);
    const server = await serve((_p, res) => {
      res.writeHead(200, { 'content-length': 600 * MiB });
      pump(res, csv, 600 * MiB);
    });
    const { outcome, peaks } = await download(server);
    expectDownloadError(clearError(outcome), /over the 536870912-byte limit \(maxBytes\): at least 629145600 bytes/);
    expect(peaks.diskBytes).toBe(0);
  });
});

describe('broken document transfers end in a DownloadError in plain words', () => {
  it('a body that stalls is abandoned after stallTimeoutMs, retried, then reported', async () => {
    const server = await serve((_p, res) => {
      res.writeHead(200, { 'content-length': csv.length });
      res.write(csv.subarray(0, 1000));
    });
    const error = clearError((await download(server, { stallTimeoutMs: 200, maxAttempts: 2 })).outcome);
    expectDownloadError(error, /^report R-100: download failed after 2 attempts; last: GET http:\/\/127\.0\.0\.1:\d+\/documents\/DOC-100\?\[REDACTED\] no byte for 200 ms after 1000 bytes \(stallTimeoutMs\)$/);
  });

  it('a server that never answers is abandoned after stallTimeoutMs', async () => {
    const server = await serve(() => undefined);
    const error = clearError((await download(server, { stallTimeoutMs: 200, maxAttempts: 2 })).outcome);
    expectDownloadError(error, /last: GET .* no response for 200 ms \(stallTimeoutMs\)$/);
  });

  it('headers too large', async () => {
    const server = await serve((_p, res) => res.writeHead(200, { 'x-big': 'a'.repeat(70_000) }).end('x'));
    const error = clearError((await download(server, { maxAttempts: 2 })).outcome);
    expectDownloadError(error, /last: GET .* the response headers are too large \(HPE_HEADER_OVERFLOW\)$/);
  });

  it('a connection reset mid-body', async () => {
    const server = await serve((_p, res) => {
      res.writeHead(200, { 'content-length': csv.length });
      res.write(csv.subarray(0, 1000), () => res.socket?.destroy());
    });
    const error = clearError((await download(server, { maxAttempts: 2 })).outcome);
    expectDownloadError(error, /last: GET .* connection dropped after 1000 bytes \(the connection closed before the response was complete \(ECONNRESET\)\)$/);
  });
});

describe('document redirects', () => {
  /** A chain of `hops` redirects across two hosts, ending in the file. */
  async function chain(hops: number): Promise<{ first: HostileServer; other: HostileServer }> {
    let hosts: HostileServer[] = [];
    const handler = (path: string, res: ServerResponse): void => {
      const n = Number(/\/hop\/(\d+)/.exec(path)?.[1] ?? 0);
      if (n >= hops) {
        res.writeHead(200, { 'content-length': csv.length }).end(csv);
        return;
      }
      res.writeHead(302, { location: `${(hosts[(n + 1) % 2] as HostileServer).url}/hop/${n + 1}?X-Amz-Signature=sekret` }).end();
    };
    hosts = [await serve(handler), await serve(handler)];
    return { first: hosts[0] as HostileServer, other: hosts[1] as HostileServer };
  }

  it('follows up to 3 redirects, across hosts', async () => {
    const { first, other } = await chain(3);
    const { outcome } = await download(first);
    expect(outcome).toMatchObject({ value: { bytes: csv.length } });
    expect([...first.requests, ...other.requests]).toHaveLength(4);
  });

  it('a 4th redirect is refused with a clear error, not retried', async () => {
    const { first, other } = await chain(4);
    const error = clearError((await download(first)).outcome);
    expectDownloadError(error, /more than 3 redirects \(maxRedirects\); the last pointed to http:\/\/127\.0\.0\.1:\d+\/hop\/4\?\[REDACTED\]/);
    expect(first.requests.length + other.requests.length).toBe(4);
  });

  it('a redirect loop ends the same way', async () => {
    const loop = await serve((_p, res) => res.writeHead(307, { location: '/again' }).end());
    expectDownloadError(clearError((await download(loop)).outcome), /more than 3 redirects/);
    expect(loop.requests).toHaveLength(4);
  });

  it('maxRedirects is configurable', async () => {
    const { first } = await chain(1);
    expectDownloadError(clearError((await download(first, { maxRedirects: 0 })).outcome), /more than 0 redirects \(maxRedirects\)/);
  });

  it('a redirect to another scheme is refused', async () => {
    const server = await serve((_p, res) => res.writeHead(302, { location: 'file:///etc/passwd' }).end());
    expectDownloadError(clearError((await download(server)).outcome), /refusing a redirect to a file: URL/);
  });

  it('never resends authorization or x-amz-pay-* headers to another host', async () => {
    const other = await serve((_p, res) => res.writeHead(200).end('ok'));
    const first = await serve((path, res) => {
      if (path === '/start') res.writeHead(302, { location: '/same-host' }).end();
      else res.writeHead(302, { location: `${other.url}/elsewhere` }).end();
    });
    const headers = { authorization: 'AMZN-PAY-RSASSA-PSS-V2 Signature=s', 'x-amz-pay-date': '20261118T150630Z', cookie: 'c=1', range: 'bytes=10-', 'accept-encoding': 'identity' };
    const res = await getFollowingRedirects(httpGet, `${first.url}/start`, { headers, signal: new AbortController().signal, maxRedirects: 3 });
    res.body.resume();
    expect(res.status).toBe(200);
    // The same host keeps them; the other host gets only the harmless ones.
    expect(first.requests.map((r) => r.headers['x-amz-pay-date'])).toEqual(['20261118T150630Z', '20261118T150630Z']);
    const sent = other.requests[0]?.headers ?? {};
    expect([sent.authorization, sent['x-amz-pay-date'], sent.cookie]).toEqual([undefined, undefined, undefined]);
    expect([sent.range, sent['accept-encoding']]).toEqual(['bytes=10-', 'identity']);
  });
});
