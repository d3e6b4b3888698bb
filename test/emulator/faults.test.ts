/* eslint-disable @typescript-eslint/no-unsafe-member-access -- wire JSON */
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import { parseFaults } from '../../src/emulator/index.js';
import { startEmulator, TestClock, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.close();
  h = undefined;
});

async function documentUrl(harness: Harness): Promise<string> {
  const list = await harness.call('GET', '/live/v2/reports', { query: { pageSize: 1 } });
  const doc = await harness.call('GET', `/live/v2/report-documents/${list.json.reports[0].reportDocumentId}`);
  return doc.json.url as string;
}

describe('scripted faults', () => {
  it('answer with 429/503 + Retry-After and 500, for the given number of matching requests', async () => {
    h = await startEmulator();
    h.emulator.script([
      { operation: 'getReports', fault: 429, retryAfter: 7, times: 2 },
      { operation: 'getReportSchedules', fault: 503, retryAfter: 3 },
      { operation: '*', fault: 500 },
    ]);
    for (let i = 0; i < 2; i++) {
      const res = await h.call('GET', '/live/v2/reports');
      expect(res.status).toBe(429);
      expect(res.headers.get('retry-after')).toBe('7');
      expect(res.json.reasonCode).toBe('TooManyRequests');
      expect(res.headers.get('x-amz-pay-request-id')).toBeTruthy();
    }
    const unavailable = await h.call('GET', '/live/v2/report-schedules');
    expect(unavailable.status).toBe(503);
    expect(unavailable.headers.get('retry-after')).toBe('3');
    const internal = await h.call('GET', '/live/v2/disbursements');
    expect(internal.status).toBe(500);
    expect(internal.json.reasonCode).toBe('InternalServerError');
    expect((await h.call('GET', '/live/v2/reports')).status).toBe(200);
    expect(h.emulator.requests.map((r) => [r.operation, r.status, r.fault])).toEqual([
      ['getReports', 429, '429'], ['getReports', 429, '429'], ['getReportSchedules', 503, '503'], ['getDisbursements', 500, '500'], ['getReports', 200, undefined],
    ]);
  });

  it('reset drops the connection mid-response, after the server did the work', async () => {
    h = await startEmulator();
    h.emulator.script([{ operation: 'createReport', fault: 'reset' }]);
    const body = JSON.stringify({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', startTime: '20261115T000000Z', endTime: '20261116T000000Z' });
    await expect(h.call('POST', '/live/v2/reports', { body, idempotencyKey: 'retry-me' })).rejects.toThrow();
    expect(h.emulator.requests.at(-1)).toMatchObject({ operation: 'createReport', status: 201, fault: 'reset' });
    // The retry with the same key gets the stored answer instead of a second report.
    const retry = await h.call('POST', '/live/v2/reports', { body, idempotencyKey: 'retry-me' });
    expect(retry.status).toBe(201);
    expect(h.emulator.reports().filter((r) => r.reportType.includes('REFUND'))).toHaveLength(1);
  });

  it('reset and truncate break downloads; the next attempt works', async () => {
    h = await startEmulator({ rowsPerSettlement: 2000 });
    const url = await documentUrl(h);
    const { bytes } = await h.emulator.documentSha256(h.emulator.reports()[0]!.reportDocumentId!);
    h.emulator.script([{ operation: 'download', fault: 'truncate' }, { operation: 'download', fault: 'reset' }]);
    const truncated = await fetch(url);
    expect(truncated.status).toBe(200);
    expect(Number(truncated.headers.get('content-length'))).toBe(bytes);
    await expect(truncated.arrayBuffer()).rejects.toThrow();
    await expect(fetch(url).then((r) => r.arrayBuffer())).rejects.toThrow();
    expect(h.emulator.requests.slice(-2).map((r) => r.fault)).toEqual(['truncate', 'reset']);
    const ok = await fetch(url);
    expect((await ok.arrayBuffer()).byteLength).toBe(bytes);
  });

  it('slow stalls the response, then answers', async () => {
    h = await startEmulator();
    h.emulator.script([{ operation: 'getReports', fault: 'slow', delayMs: 50 }]);
    const res = await h.call('GET', '/live/v2/reports');
    expect(res.status).toBe(200);
    expect(h.emulator.requests.at(-1)).toMatchObject({ operation: 'getReports', fault: 'slow', status: 200 });
  });

  it('expire hands out an already-expired URL, or refuses a download outright', async () => {
    h = await startEmulator();
    const fresh = await documentUrl(h);
    h.emulator.script([{ operation: 'getReportDocument', fault: 'expire' }]);
    const stale = await documentUrl(h);
    const res = await fetch(stale);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Message>Request has expired</Message>');
    h.emulator.script([{ operation: 'download', fault: 'expire' }]);
    expect((await fetch(fresh)).status).toBe(403);
    expect((await fetch(fresh)).status).toBe(200);
  });

  it('status faults on downloads come as S3 XML with Retry-After', async () => {
    h = await startEmulator();
    const url = await documentUrl(h);
    h.emulator.script([{ operation: 'download', fault: 503, retryAfter: 2 }]);
    const res = await fetch(url);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(await res.text()).toContain('<Code>SlowDown</Code>');
  });

  it('close() does not wait for a stalled response', async () => {
    h = await startEmulator();
    h.emulator.script([{ operation: 'getReports', fault: 'slow', delayMs: 600_000 }]);
    const pending = h.call('GET', '/live/v2/reports');
    await Promise.all([expect(pending).rejects.toThrow(), h.emulator.close()]);
    h = undefined;
  });
});

describe('random faults', () => {
  it('parse the --faults spec and refuse bad ones', () => {
    expect(parseFaults('429:0.1,500:0.05,503:0.01,reset:0.02,truncate:0.02,slow:0.01')).toEqual({ 429: 0.1, 500: 0.05, 503: 0.01, reset: 0.02, truncate: 0.02, slow: 0.01 });
    expect(parseFaults(undefined)).toEqual({});
    expect(() => parseFaults('404:0.1')).toThrow(ConfigError);
    expect(() => parseFaults('429:2')).toThrow(ConfigError);
    expect(() => parseFaults('429')).toThrow(ConfigError);
  });

  it('are drawn from the seed: same seed, same sequence', async () => {
    const run = async (seed: number): Promise<number[]> => {
      const harness = await startEmulator({ seed, faults: '500:0.3,429:0.2' });
      try {
        const statuses: number[] = [];
        for (let i = 0; i < 30; i++) statuses.push((await harness.call('GET', '/live/v2/reports', { query: { pageSize: 1 } })).status);
        return statuses;
      } finally {
        await harness.emulator.close();
      }
    };
    const a = await run(11);
    expect(await run(11)).toEqual(a);
    expect(new Set(a)).toEqual(new Set([200, 429, 500]));
  });

  it('hit the same requests whatever order they arrive in (concurrent clients stay reproducible)', async () => {
    const ids = Array.from({ length: 16 }, (_, i) => `AREPORT${i}`);
    const run = async (order: string[]): Promise<Map<string, number>> => {
      const harness = await startEmulator({ seed: 5, faults: '500:0.5' });
      try {
        const out = new Map<string, number>();
        for (const id of order) out.set(id, (await harness.call('GET', `/live/v2/reports/${id}`)).status);
        return out;
      } finally {
        await harness.emulator.close();
      }
    };
    const forward = await run(ids);
    const backward = await run([...ids].reverse());
    expect(Object.fromEntries(backward)).toEqual(Object.fromEntries(forward));
    expect(new Set(forward.values())).toEqual(new Set([404, 500]));
  });

  it('scripted download faults are not spent on URLs that are refused anyway', async () => {
    h = await startEmulator();
    const url = await documentUrl(h);
    h.clock.advance(31_000);
    h.emulator.script([{ operation: 'download', fault: 'truncate' }]);
    expect((await fetch(url)).status).toBe(403);
    const fresh = await fetch(await documentUrl(h));
    await expect(fresh.arrayBuffer()).rejects.toThrow();
    expect(h.emulator.requests.at(-1)).toMatchObject({ operation: 'download', fault: 'truncate' });
  });

  it('can be switched at run time with setFaults', async () => {
    h = await startEmulator();
    h.emulator.setFaults({ reset: 1 });
    await expect(h.call('GET', '/live/v2/reports')).rejects.toThrow();
    h.emulator.setFaults('503:1');
    const res = await h.call('GET', '/live/v2/reports');
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('1');
    h.emulator.setFaults(undefined);
    expect((await h.call('GET', '/live/v2/reports')).status).toBe(200);
  });
});

describe('throttle and latency', () => {
  it('a token bucket per merchant and operation answers 429 with Retry-After, refilled by the clock', async () => {
    const clock = new TestClock();
    h = await startEmulator({ throttle: { burst: 2, ratePerSecond: 0.5 } }, clock);
    expect((await h.call('GET', '/live/v2/reports')).status).toBe(200);
    expect((await h.call('GET', '/live/v2/reports')).status).toBe(200);
    const throttled = await h.call('GET', '/live/v2/reports');
    expect(throttled.status).toBe(429);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect((await h.call('GET', '/live/v2/report-schedules')).status).toBe(200);
    clock.advance(2_000);
    expect((await h.call('GET', '/live/v2/reports')).status).toBe(200);
    expect((await h.call('GET', '/live/v2/reports')).status).toBe(429);
  });

  it('latencyMs holds responses but changes nothing else', async () => {
    h = await startEmulator({ latencyMs: 20 });
    expect((await h.call('GET', '/live/v2/reports')).status).toBe(200);
    expect((await fetch(await documentUrl(h))).status).toBe(200);
  });
});
