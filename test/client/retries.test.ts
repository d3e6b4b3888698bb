import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiError, AuthError, NetworkError, NotFoundError, RateLimitError } from '../../src/errors.js';
import { recordingFetch, startHarness, testEffects, type Harness } from './helpers/emulator-client.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ days: 5 });
});
afterAll(async () => {
  await h.emulator.close();
});

const CREATE = { reportType: 'refund', startTime: '2026-10-01', endTime: '2026-10-02' };

describe('retries against the emulator', () => {
  for (const status of [408, 425, 429, 500, 502, 503, 504]) {
    it(`retries ${status} and then succeeds`, async () => {
      const fx = testEffects();
      h.emulator.script([{ operation: 'getReportSchedules', fault: status, times: 2 }]);
      const from = h.emulator.requests.length;
      const schedules = await h.client({ sleep: fx.sleep, random: fx.random }).reportSchedules.list();
      expect(Array.isArray(schedules)).toBe(true);
      expect(h.operations(from)).toEqual([`getReportSchedules ${status}`, `getReportSchedules ${status}`, 'getReportSchedules 200']);
      // Full jitter with random 0.5: half of 500 ms, then half of 1000 ms.
      expect(fx.sleeps).toEqual([250, 500]);
    });
  }

  it('retries a connection reset and then succeeds', async () => {
    const fx = testEffects();
    h.emulator.script([{ operation: 'getReportSchedules', fault: 'reset', times: 1 }]);
    const from = h.emulator.requests.length;
    await h.client({ sleep: fx.sleep, random: fx.random, logger: fx.logger }).reportSchedules.list();
    expect(h.emulator.requests.slice(from).map((r) => r.fault ?? r.status)).toEqual(['reset', 200]);
    expect(fx.sleeps).toHaveLength(1);
    expect(fx.lines.some((l) => /network error; retry 1 of 4/.test(l))).toBe(true);
  });

  it('retries a response cut short (truncated body) and then succeeds', async () => {
    const fx = testEffects();
    h.emulator.script([{ operation: 'getReportSchedules', fault: 'truncate', times: 1 }]);
    const from = h.emulator.requests.length;
    await h.client({ sleep: fx.sleep }).reportSchedules.list();
    expect(h.emulator.requests.slice(from).map((r) => r.fault ?? r.status)).toEqual(['truncate', 200]);
    expect(fx.sleeps).toHaveLength(1);
  });

  it('obeys Retry-After: the sleep asked for is exactly the header value', async () => {
    const fx = testEffects();
    h.emulator.script([{ operation: 'getReports', fault: 503, times: 2, retryAfter: 1 }]);
    const from = h.emulator.requests.length;
    for await (const _page of h.client({ sleep: fx.sleep, random: fx.random }).reports.pages({ pageSize: 1 })) break;
    expect(h.operations(from)).toEqual(['getReports 503', 'getReports 503', 'getReports 200']);
    expect(fx.sleeps).toEqual([1000, 1000]);
  });

  it('caps a long Retry-After at maxRetryAfterMs', async () => {
    const fx = testEffects();
    h.emulator.script([{ operation: 'getReportSchedules', fault: 429, times: 1, retryAfter: 3600 }]);
    await h.client({ sleep: fx.sleep, retry: { maxRetryAfterMs: 5000 } }).reportSchedules.list();
    expect(fx.sleeps).toEqual([5000]);
  });

  it('gives up after the configured retries with a typed error carrying status, reasonCode and request id', async () => {
    const fx = testEffects();
    h.emulator.script([{ operation: 'getReportSchedules', fault: 429, times: 3, retryAfter: 2 }]);
    const from = h.emulator.requests.length;
    const err = await h.client({ sleep: fx.sleep, retry: { retries: 2 } }).reportSchedules.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(RateLimitError);
    expect(err).toMatchObject({ status: 429, reasonCode: 'TooManyRequests', retryAfterMs: 2000 });
    expect((err as ApiError).requestId).toMatch(/\S/);
    expect((err as Error).message).toMatch(/^GET \/live\/v2\/report-schedules failed: 429 TooManyRequests: .*\(requestId \S+\)$/);
    expect(h.operations(from)).toHaveLength(3);
  });

  it('does not retry a 400: exactly one request', async () => {
    const fx = testEffects();
    const from = h.emulator.requests.length;
    // P9D is a well-formed ISO 8601 duration, so it passes our checks; the API's list has no P9D.
    const err = await h.client({ sleep: fx.sleep }).reportSchedules.create({ reportType: 'refund', scheduleFrequency: 'P9D' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect(err).toMatchObject({ status: 400, reasonCode: 'InvalidParameterValue' });
    expect(h.operations(from)).toEqual(['createReportSchedule 400']);
    expect(fx.sleeps).toEqual([]);
  });

  it('does not retry a 404', async () => {
    const fx = testEffects();
    const from = h.emulator.requests.length;
    const err = await h.client({ sleep: fx.sleep }).reportDocuments.get('amzn1.tortuga.3.no-such-document').catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'NotFoundError', status: 404 });
    expect(h.operations(from)).toEqual(['getReportDocument 404']);
    expect(fx.sleeps).toEqual([]);
  });

  it('does not retry a signature failure (AuthError)', async () => {
    const other = await startHarness({ days: 1 });
    try {
      const fx = testEffects();
      const from = h.emulator.requests.length;
      const err = await h.client({ privateKey: { pem: other.privateKeyPem }, sleep: fx.sleep }).reportSchedules.list().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect(err).toMatchObject({ reasonCode: 'InvalidRequestSignature' });
      expect(h.operations(from)).toHaveLength(1);
    } finally {
      await other.emulator.close();
    }
  });

  it('sends one idempotency key on every attempt of a POST', async () => {
    const fx = testEffects();
    const { fetch, sent } = recordingFetch();
    h.emulator.script([{ operation: 'createReport', fault: 503, times: 2 }]);
    const { reportId } = await h.client({ fetch, sleep: fx.sleep }).reports.create(CREATE);
    expect(reportId).toMatch(/\S/);
    expect(sent).toHaveLength(3);
    const keys = sent.map((s) => s.headers['x-amz-pay-idempotency-key']);
    expect(keys[0]).toMatch(/^[A-Za-z0-9_-]{1,32}$/);
    expect(new Set(keys).size).toBe(1);
    expect(new Set(sent.map((s) => s.body)).size).toBe(1);
    // A second logical call gets a new key.
    await h.client({ fetch, sleep: fx.sleep }).reports.create(CREATE);
    expect(sent[3]!.headers['x-amz-pay-idempotency-key']).not.toBe(keys[0]);
  });

  it('a POST whose response was lost is replayed by key, not executed twice', async () => {
    const fx = testEffects();
    const { fetch, sent } = recordingFetch();
    const before = h.emulator.reports(h.publicKeyId).length;
    h.emulator.script([{ operation: 'createReportSchedule', fault: 'reset', times: 1 }]);
    const input = { reportType: 'order-reference', scheduleFrequency: 'P1D', deleteExistingSchedule: true };
    const first = await h.client({ fetch, sleep: fx.sleep }).reportSchedules.create(input, { idempotencyKey: 'caller_key-0001' });
    expect(sent.map((s) => s.headers['x-amz-pay-idempotency-key'])).toEqual(['caller_key-0001', 'caller_key-0001']);
    const schedules = await h.client().reportSchedules.list({ reportTypes: ['order-reference'] });
    expect(schedules.map((s) => s.reportScheduleId)).toEqual([first.reportScheduleId]);
    expect(h.emulator.reports(h.publicKeyId).length).toBe(before);

    h.emulator.script([{ operation: 'createReport', fault: 'reset', times: 1 }]);
    const created = await h.client({ sleep: fx.sleep }).reports.create(CREATE);
    expect(h.emulator.reports(h.publicKeyId).filter((r) => r.reportId === created.reportId)).toHaveLength(1);
    expect(h.emulator.reports(h.publicKeyId).length).toBe(before + 1);
  });

  it('a DELETE whose answer was lost, retried into a 404, counts as done; a plain 404 does not', async () => {
    const fx = testEffects();
    const input = { reportType: 'billing-agreement', scheduleFrequency: 'P1D', deleteExistingSchedule: true };
    const { reportScheduleId } = await h.client().reportSchedules.create(input);
    const from = h.emulator.requests.length;
    h.emulator.script([{ operation: 'cancelReportSchedule', fault: 'reset', times: 1 }]);
    await expect(h.client({ sleep: fx.sleep }).reportSchedules.cancel(reportScheduleId)).resolves.toBeUndefined();
    expect(h.emulator.requests.slice(from).map((r) => r.fault ?? r.status)).toEqual(['reset', 404]);
    await expect(h.client({ sleep: fx.sleep }).reportSchedules.cancel(reportScheduleId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('signs every attempt afresh: a new x-amz-pay-date and signature each time', async () => {
    let t = Date.now();
    const { fetch, sent } = recordingFetch();
    h.emulator.script([{ operation: 'getReportSchedules', fault: 500, times: 2 }]);
    const client = h.client({
      fetch,
      now: () => new Date(t),
      sleep: () => {
        t += 1500; // the injected clock moves while we "wait"
        return Promise.resolve();
      },
    });
    await client.reportSchedules.list();
    const dates = sent.map((s) => s.headers['x-amz-pay-date']);
    expect(dates).toHaveLength(3);
    expect(new Set(dates).size).toBe(3);
    expect(new Set(sent.map((s) => s.headers.authorization)).size).toBe(3);
    expect(sent[0]!.headers['user-agent']).toMatch(/^amazon-pay-reports\/\d+\.\d+\.\d+ \(Node\/\d+/);
    expect(sent[0]!.headers.authorization).not.toMatch(/user-agent/);
  });

  it('a network failure to a closed port is a NetworkError after the retries', async () => {
    const fx = testEffects();
    const closed = await startHarness({ days: 1 });
    const url = closed.emulator.url;
    await closed.emulator.close();
    const err = await h.client({ endpoint: url, sleep: fx.sleep, retry: { retries: 2 } }).reportSchedules.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NetworkError);
    expect((err as Error).message).toMatch(/^GET \/live\/v2\/report-schedules failed: .*ECONNREFUSED.*\(attempt 3\)$/);
    expect(fx.sleeps).toHaveLength(2);
  });
});
