import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ServerResponse } from 'node:http';
import { ApiError, ConfigError, NetworkError, TimeoutError } from '../../src/errors.js';
import { hostileFixtures } from './fixtures.js';
import { clientFor, gzipBomb, pump } from './hostile-server.js';
import { clearError, measure, MEMORY_BOUND, MiB, RAW_ERROR } from './memory-probe.js';

const REPORT = { reportId: 'R1', reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', processingStatus: 'COMPLETED', createdTime: '20261118T150630Z' };

const { serve } = hostileFixtures();

describe('API response bodies are read with a size cap', () => {
  it('an endless JSON body stops at the cap with ApiError ResponseTooLarge, memory bounded', async () => {
    // Valid JSON as far as it goes: `{"reports":[{…},{…},…` for as long as the client reads.
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-pay-request-id': 'rid-1' });
      res.write('{"reports":[');
      pump(res, Buffer.from(`${JSON.stringify(REPORT)},`.repeat(1000)), 400 * MiB);
    });
    const { outcome, peaks } = await measure(() => clientFor(server).reports.get('R1'));
    const error = clearError(outcome);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ reasonCode: 'ResponseTooLarge', status: 200, requestId: 'rid-1' });
    expect(error.message).toMatch(/GET \/v2\/reports\/R1 failed: 200 ResponseTooLarge: the response body ran past 4194304 bytes, over the 4194304-byte limit \(maxResponseBytes\)/);
    expect(error.message).not.toMatch(RAW_ERROR);
    expect(peaks.rssGrowth).toBeLessThan(MEMORY_BOUND);
    expect(peaks.heapGrowth).toBeLessThan(MEMORY_BOUND);
    expect(server.requests).toHaveLength(1); // not retried: the next answer would be as big
  });

  it('gzip-encoded JSON is capped after decoding: a Content-Encoding bomb of valid JSON', async () => {
    // 320 MiB of JSON whitespace from a few hundred KiB on the wire.
    const bomb = gzipBomb(20, Buffer.alloc(16 * MiB, ' '));
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.write(gzipSync('{"reports":[]'));
      pump(res, bomb.member, bomb.member.length * bomb.copies, gzipSync('}'));
    });
    const { outcome, peaks } = await measure(async () => {
      const items = [];
      for await (const r of clientFor(server).reports.list()) items.push(r);
      return items;
    });
    const error = clearError(outcome);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ reasonCode: 'ResponseTooLarge' });
    expect(error.message).not.toMatch(RAW_ERROR);
    expect(peaks.rssGrowth).toBeLessThan(MEMORY_BOUND);
    expect(peaks.heapGrowth).toBeLessThan(MEMORY_BOUND);
  });

  it('gzip-encoded JSON under the cap is decoded and read as usual', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' });
      res.end(gzipSync(JSON.stringify(REPORT)));
    });
    await expect(clientFor(server).reports.get('R1')).resolves.toMatchObject({ reportId: 'R1', createdTime: '2026-11-18T15:06:30Z' });
  });

  it('a Content-Length over the cap is refused before the body is read', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * MiB) });
      pump(res, Buffer.alloc(64 * 1024, 0x20), 64 * MiB);
    });
    const error = clearError((await measure(() => clientFor(server, { maxResponseBytes: MiB }).reports.get('R1'))).outcome);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toMatch(/the response body declares 67108864 bytes, over the 1048576-byte limit \(maxResponseBytes\)/);
  });

  it('an error status with an endless body is capped too', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(400, { 'content-type': 'text/html' });
      pump(res, Buffer.from('<p>nope</p>'.repeat(5000)), 400 * MiB);
    });
    const { outcome, peaks } = await measure(() => clientFor(server).reports.get('R1'));
    expect(clearError(outcome)).toMatchObject({ name: 'ApiError', status: 400, reasonCode: 'ResponseTooLarge' });
    expect(peaks.rssGrowth).toBeLessThan(MEMORY_BOUND);
  });

  it('maxResponseBytes is configurable, and checked', () => {
    const server = { url: 'http://127.0.0.1:9', requests: [], close: () => Promise.resolve() };
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => clientFor(server, { maxResponseBytes: bad })).toThrow(ConfigError);
    }
    expect(() => clientFor(server, { maxResponseBytes: 0 })).toThrow(/maxResponseBytes must be a whole number from 1 \(bytes\), got 0/);
  });

  it('a small configured cap fails an ordinary answer that is bigger', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(REPORT));
    });
    await expect(clientFor(server, { maxResponseBytes: 64 }).reports.get('R1')).rejects.toThrow(/over the 64-byte limit \(maxResponseBytes\)/);
    await expect(clientFor(server, { maxResponseBytes: 4096 }).reports.get('R1')).resolves.toMatchObject({ reportId: 'R1' });
  });
});

describe('broken connections end in a NetworkError in plain words', () => {
  it.each([
    ['a connection reset mid-body', (res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"rep', () => res.socket?.destroy());
    }, /^GET \/v2\/reports\/R1 failed: the connection closed before the response was complete \(UND_ERR_SOCKET\) \(attempt 2\)$/],
    ['a corrupt gzip encoding', (res: ServerResponse) => {
      res.writeHead(200, { 'content-type': 'application/json', 'content-encoding': 'gzip' }).end(Buffer.from([0x1f, 0x8b, 8, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]));
    }, /^GET \/v2\/reports\/R1 failed: the encoded body is corrupt \(Z_DATA_ERROR\) \(attempt 2\)$/],
    ['headers too large', (res: ServerResponse) => {
      res.writeHead(200, { 'x-big': 'a'.repeat(70_000) }).end('{}');
    }, /^GET \/v2\/reports\/R1 failed: the response headers are too large \(UND_ERR_HEADERS_OVERFLOW\) \(attempt 2\)$/],
  ] as const)('%s', async (_label, handler, pattern) => {
    const server = await serve((_req, res) => handler(res));
    const error = clearError((await measure(() => clientFor(server).reports.get('R1'))).outcome);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error.message).toMatch(pattern);
    expect(error.message).not.toMatch(RAW_ERROR);
  });

  it('a body that trickles forever ends at the per-attempt timeout', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"rep');
    });
    const error = clearError((await measure(() => clientFor(server, { timeoutMs: 200 }).reports.get('R1'))).outcome);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toBe('GET /v2/reports/R1 timed out after 200 ms (attempt 2)');
  });
});

describe('signed API calls are never redirected', () => {
  it.each([307, 302, 301])('a %i to another host is not followed; no x-amz-pay-* header reaches it', async (status) => {
    const elsewhere = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(REPORT));
    });
    const api = await serve((req, res) => {
      res.writeHead(status, { location: `${elsewhere.url}${req.url}?X-Amz-Signature=secret` }).end();
    });
    const error = clearError((await measure(() => clientFor(api).reports.get('R1'))).outcome);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ reasonCode: 'Redirected', status });
    expect(error.message).toContain(`signed requests are never redirected; the API redirected to ${elsewhere.url}/v2/reports/R1?[REDACTED] (check the endpoint)`);
    expect(error.message).not.toContain('secret');
    expect(elsewhere.requests).toEqual([]);
  });

  it('a redirect to the same host is not followed either (the signature covers the path)', async () => {
    const api = await serve((req, res) => {
      if (req.url === '/v2/reports/R1') res.writeHead(302, { location: '/v2/reports/R2' }).end();
      else res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(REPORT));
    });
    await expect(clientFor(api).reports.get('R1')).rejects.toMatchObject({ reasonCode: 'Redirected' });
    expect(api.requests.map((r) => r.path)).toEqual(['/v2/reports/R1']);
  });
});

describe('clock skew is measured against the send time', () => {
  it('a slow body is not mistaken for a slow clock', async () => {
    let jumpMs = 0;
    const lines: string[] = [];
    const server = await serve((_req, res) => {
      // Date stamped now; the body then takes "a minute" (the client's clock jumps while it waits).
      res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() });
      res.write(JSON.stringify(REPORT).slice(0, 10));
      setTimeout(() => {
        jumpMs = 60_000;
        res.end(JSON.stringify(REPORT).slice(10));
      }, 300);
    });
    const client = clientFor(server, { now: () => new Date(Date.now() + jumpMs), logger: { debug: () => undefined, warn: (m) => lines.push(m) } });
    await expect(client.reports.get('R1')).resolves.toMatchObject({ reportId: 'R1' });
    expect(jumpMs).toBe(60_000);
    expect(lines.filter((l) => /clock/.test(l))).toEqual([]);
    expect(client.clockOffsetMs).toBe(0);
  });

  it('a clock that really is a minute slow is still corrected', async () => {
    const lines: string[] = [];
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json', date: new Date().toUTCString() }).end(JSON.stringify(REPORT));
    });
    const client = clientFor(server, { now: () => new Date(Date.now() - 60_000), logger: { debug: () => undefined, warn: (m) => lines.push(m) } });
    await client.reports.get('R1');
    expect(lines.filter((l) => /local clock is off by (59|60) s/.test(l))).toHaveLength(1);
    expect(client.clockOffsetMs).toBeGreaterThan(55_000);
  });
});
