import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuthError } from '../../src/errors.js';
import { recordingFetch, startHarness, testEffects, type Harness } from './helpers/emulator-client.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ days: 2 });
});
afterAll(async () => {
  await h.emulator.close();
});

const MINUTE = 60_000;

describe('clock skew against the emulator', () => {
  it('a clock 10 minutes fast: the API rejects the future date, the client corrects from Date and succeeds', async () => {
    const fx = testEffects();
    const { fetch, sent } = recordingFetch();
    const client = h.client({ fetch, now: () => new Date(Date.now() + 10 * MINUTE), logger: fx.logger, sleep: fx.sleep });
    const from = h.emulator.requests.length;
    await client.reportSchedules.list();
    expect(h.operations(from)).toEqual(['getReportSchedules 400', 'getReportSchedules 200']);
    expect(fx.sleeps).toEqual([]); // re-sent at once: it is a correction, not a backoff
    expect(client.clockOffsetMs).toBeLessThan(-9 * MINUTE);
    expect(client.clockOffsetMs).toBeGreaterThan(-11 * MINUTE);
    expect(sent[0]!.headers['x-amz-pay-date']).not.toBe(sent[1]!.headers['x-amz-pay-date']);
    expect(fx.lines.some((l) => /^warn local clock is off by -(599|600|601) s/.test(l))).toBe(true);
    // Later calls sign with the corrected clock straight away.
    const next = h.emulator.requests.length;
    await client.reportSchedules.list();
    expect(h.operations(next)).toEqual(['getReportSchedules 200']);
  });

  it('a clock 20 minutes slow: the "too old" rejection is corrected the same way', async () => {
    const client = h.client({ now: () => new Date(Date.now() - 20 * MINUTE) });
    const from = h.emulator.requests.length;
    await client.reportSchedules.list();
    expect(h.operations(from)).toEqual(['getReportSchedules 400', 'getReportSchedules 200']);
    expect(client.clockOffsetMs).toBeGreaterThan(19 * MINUTE);
  });

  it('a POST rejected for its date is re-sent once with the same idempotency key', async () => {
    const { fetch, sent } = recordingFetch();
    const client = h.client({ fetch, now: () => new Date(Date.now() + 10 * MINUTE) });
    await client.reports.create({ reportType: 'refund', startTime: '2026-10-01', endTime: '2026-10-02' });
    expect(sent).toHaveLength(2);
    expect(sent[0]!.headers['x-amz-pay-idempotency-key']).toBe(sent[1]!.headers['x-amz-pay-idempotency-key']);
  });

  it('a small skew (under 5 s) is left alone', async () => {
    const client = h.client({ now: () => new Date(Date.now() + 2000) });
    await client.reportSchedules.list();
    expect(client.clockOffsetMs).toBe(0);
  });

  it('other errors are not mistaken for skew', async () => {
    const other = await startHarness({ days: 1 });
    try {
      const from = h.emulator.requests.length;
      const err = await h.client({ privateKey: { pem: other.privateKeyPem } }).reportSchedules.list().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AuthError);
      expect(h.operations(from)).toHaveLength(1);
    } finally {
      await other.emulator.close();
    }
  });
});
