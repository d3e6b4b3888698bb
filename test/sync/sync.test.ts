import { afterEach, describe, expect, it } from 'vitest';
import { syncReports } from '../../src/sync/sync.js';
import { compareWithEmulator, startSyncFixture, type SyncFixture } from './helpers.js';

let fx: SyncFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const fastDownloads = { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 2 };

describe('syncReports against the emulator', () => {
  it('with faults on, stores exactly the emulator COMPLETED reports, byte for byte', async () => {
    fx = await startSyncFixture({ faults: '429:0.1,500:0.05,reset:0.03,truncate:0.03' });
    fx.emulator.script([{ operation: 'getReportDocument', fault: 'expire', times: 3 }]);
    const store = fx.openStore();
    const summary = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, download: fastDownloads });
    const completed = fx.emulator.reports().filter((r) => r.processingStatus === 'COMPLETED');
    expect(completed.length).toBeGreaterThan(10);
    expect(summary.failed).toBe(0);
    expect(summary.downloaded).toBe(completed.length);
    expect(summary.listed).toBe(fx.emulator.reports().length);
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
    const faults = new Set(fx.emulator.requests.map((r) => r.fault).filter(Boolean));
    expect([...faults].sort()).toEqual(expect.arrayContaining(['429', '500', 'expire']));
    expect(store.listDisbursements().length).toBeGreaterThan(10);
    expect(summary.checkpoint).toBe('2026-11-20T12:00:00Z');
  });

  it('a rerun with nothing new makes at most 2 API calls and downloads nothing', async () => {
    fx = await startSyncFixture();
    const store = fx.openStore();
    const first = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    expect(first.downloaded).toBeGreaterThan(10);
    fx.clock.advance(3600_000);
    const from = fx.emulator.requests.length;
    const again = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    const calls = fx.emulator.requests.slice(from);
    expect(calls.length).toBeLessThanOrEqual(2);
    expect(calls.filter((c) => c.operation === 'download')).toEqual([]);
    expect(again).toMatchObject({ downloaded: 0, failed: 0, apiCalls: calls.length });
    expect(again.skipped).toBe(again.listed);
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
  });
});
