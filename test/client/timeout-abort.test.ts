import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AbortError, ConfigError, TimeoutError } from '../../src/errors.js';
import { startHarness, testEffects, type Harness } from './helpers/emulator-client.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ days: 2 });
});
afterAll(async () => {
  await h.emulator.close();
});

describe('timeouts and aborts against the emulator', () => {
  it('times out a stalled response with a TimeoutError', async () => {
    h.emulator.script([{ operation: 'getReportSchedules', fault: 'slow', delayMs: 20_000 }]);
    const err = await h.client({ timeoutMs: 300, retry: { retries: 0 } }).reportSchedules.list().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect((err as Error).message).toBe('GET /live/v2/report-schedules timed out after 300 ms (attempt 1)');
  });

  it('retries after a timeout and then succeeds (per-call timeout option)', async () => {
    const fx = testEffects();
    h.emulator.script([{ operation: 'getReportSchedules', fault: 'slow', delayMs: 20_000 }]);
    const from = h.emulator.requests.length;
    const schedules = await h.client({ sleep: fx.sleep, logger: fx.logger }).reportSchedules.list({}, { timeoutMs: 1500 });
    expect(Array.isArray(schedules)).toBe(true);
    expect(fx.sleeps).toHaveLength(1);
    expect(fx.lines.some((l) => /timeout; retry 1 of 4/.test(l))).toBe(true);
    // The stalled request is logged by the emulator only when it finally answers; the retry got through.
    expect(h.operations(from)).toContain('getReportSchedules 200');
  });

  it('aborts an in-flight request with an AbortError, without retrying', async () => {
    // Its own emulator: the aborted request may never reach the server, leaving the scripted stall queued.
    const own = await startHarness({ days: 1 });
    try {
      const controller = new AbortController();
      let calls = 0;
      const fetch: typeof globalThis.fetch = (input, init) => {
        calls++;
        const pending = globalThis.fetch(input, init);
        controller.abort(new Error('user pressed ctrl-c'));
        return pending;
      };
      own.emulator.script([{ operation: 'getReportSchedules', fault: 'slow', delayMs: 20_000 }]);
      const err = await own.client({ fetch }).reportSchedules.list({}, { signal: controller.signal }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AbortError);
      expect((err as Error).message).toBe('GET /live/v2/report-schedules aborted by the caller');
      expect(calls).toBe(1);
    } finally {
      await own.emulator.close();
    }
  });

  it('aborts during the backoff sleep', async () => {
    const controller = new AbortController();
    h.emulator.script([{ operation: 'getReportSchedules', fault: 503, times: 1 }]);
    const from = h.emulator.requests.length;
    const sleep = (_ms: number, signal?: AbortSignal): Promise<void> => {
      controller.abort();
      return Promise.reject(new Error(signal ? 'sleep aborted' : 'no signal passed to sleep'));
    };
    const err = await h.client({ sleep }).reportSchedules.list({}, { signal: controller.signal }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AbortError);
    expect(h.operations(from)).toEqual(['getReportSchedules 503']);
  });

  it('makes no request at all with an already-aborted signal, lists included', async () => {
    const from = h.emulator.requests.length;
    const signal = AbortSignal.abort();
    await expect(h.client().reports.get('A08439021T39K6DTX4JS8', { signal })).rejects.toBeInstanceOf(AbortError);
    const iterate = async () => {
      for await (const _r of h.client().reports.list({}, { signal })) break;
    };
    await expect(iterate()).rejects.toBeInstanceOf(AbortError);
    expect(h.emulator.requests.length).toBe(from);
  });

  it('the default sleep is real and abortable', async () => {
    const controller = new AbortController();
    h.emulator.script([{ operation: 'getReportSchedules', fault: 503, times: 1, retryAfter: 600 }]);
    const pending = h.client().reportSchedules.list({}, { signal: controller.signal }).catch((e: unknown) => e);
    // Abort once the 503 has been served: the client is then inside its 60 s (capped) sleep.
    while (!h.emulator.requests.some((r) => r.operation === 'getReportSchedules' && r.status === 503 && r.fault === '503')) await new Promise((r) => setImmediate(r));
    controller.abort();
    expect(await pending).toBeInstanceOf(AbortError);
  });
});

describe('a bad per-call timeout', () => {
  for (const timeoutMs of [-5, Number.NaN, 0]) {
    it(`timeoutMs ${String(timeoutMs)} is a ConfigError before any request`, async () => {
      const from = h.emulator.requests.length;
      const err = await h.client().reportSchedules.list({}, { timeoutMs }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toMatch(/timeoutMs must be a positive number of milliseconds/);
      expect(h.emulator.requests.length).toBe(from);
    });
  }
});
