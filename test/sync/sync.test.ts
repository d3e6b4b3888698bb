import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { createEmulator } from '../../src/emulator/index.js';
import { AbortError } from '../../src/errors.js';
import { openStore } from '../../src/store/open-store.js';
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
    fx = await startSyncFixture({ days: 40, faults: '429:0.1,500:0.05,reset:0.03,truncate:0.03' });
    // On top of the random ones, each fault kind at least once, deterministically.
    fx.emulator.script([
      { operation: 'getReports', fault: 'reset' },
      { operation: 'getReportDocument', fault: 'expire', times: 3 },
      { operation: 'download', fault: 'truncate', times: 2 },
      { operation: 'download', fault: 'reset' },
      { operation: 'getDisbursements', fault: 503, retryAfter: 1 },
    ]);
    const store = fx.openStore();
    const summary = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, download: fastDownloads });
    const completed = fx.emulator.reports().filter((r) => r.processingStatus === 'COMPLETED');
    expect(completed.length).toBeGreaterThanOrEqual(39);
    expect(summary).toMatchObject({ failed: 0, downloaded: completed.length, listed: fx.emulator.reports().length, warnings: [] });
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
    const faults = new Set(fx.emulator.requests.map((r) => r.fault).filter(Boolean));
    for (const kind of ['429', '500', '503', 'reset', 'truncate', 'expire']) expect(faults).toContain(kind);
    // Each expired URL was answered 403 by the file server and followed by a fresh document URL.
    expect(fx.emulator.requests.filter((r) => r.operation === 'download' && r.status === 403).length).toBeGreaterThanOrEqual(3);
    expect(store.listDisbursements().length).toBeGreaterThanOrEqual(39);
    expect(summary.checkpoint).toBe('2026-11-20T12:00:00Z');
    expect(store.listRuns(1)[0]).toMatchObject({ status: 'ok', downloaded: completed.length, failed: 0 });
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

  it('keeps every API call of the run under one shared rate limit: the throttled emulator never answers 429', async () => {
    // Real clock here: the emulator's token bucket refills on its clock, ours on the monotonic one.
    const emulator = await createEmulator({ seed: 9, days: 12, throttle: { burst: 10, ratePerSecond: 40 } });
    const dir = await mkdtemp(join(tmpdir(), 'apr-sync-rate-'));
    const store = openStore(join(dir, 'store.db'));
    try {
      const m = emulator.defaultMerchant!;
      const client = createClient({ publicKeyId: m.publicKeyId, privateKey: { pem: m.privateKeyPem }, endpoint: emulator.url, retry: { retries: 0 } });
      const summary = await syncReports({ client, store, outDir: join(dir, 'reports'), concurrency: 8, rateLimit: { ratePerSecond: 10, burst: 3 } });
      expect(summary.failed).toBe(0);
      const api = emulator.requests.filter((r) => r.operation !== 'download');
      expect(api.filter((r) => r.status === 429)).toEqual([]);
      expect(summary.apiCalls).toBe(api.length);
      expect(await compareWithEmulator(emulator, store, join(dir, 'reports'))).toEqual([]);
    } finally {
      store.close();
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('an aborted run stops, records itself as interrupted, keeps the checkpoint safe; the next run completes', async () => {
    fx = await startSyncFixture({ days: 20 });
    const store = fx.openStore();
    const ac = new AbortController();
    let downloaded = 0;
    const error = await syncReports({
      client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, concurrency: 2, signal: ac.signal,
      onEvent: (e) => {
        if (e.type === 'downloaded' && ++downloaded === 3) ac.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(store.listRuns(1)[0]?.status).toBe('interrupted');
    const stored = store.listReports({ downloaded: true });
    expect(stored.length).toBeLessThan(20);
    const pending = store.listReports({ downloaded: false });
    expect(Date.parse(store.getCheckpoint('reports') ?? '')).toBeLessThanOrEqual(Date.parse(pending[0]?.createdTime ?? ''));

    const again = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    expect(again.downloaded).toBe(20 - stored.length);
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
  });

  it('a run aborted before it starts makes no request and records itself as interrupted', async () => {
    fx = await startSyncFixture({ days: 3 });
    const store = fx.openStore();
    const from = fx.emulator.requests.length;
    const error = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(fx.emulator.requests.length).toBe(from);
    expect(store.listRuns(1)[0]?.status).toBe('interrupted');
    expect(store.getCheckpoint('reports')).toBeUndefined();
  });

  it('imports run one at a time after the downloads; a failed import is a warning, not a failed run', async () => {
    fx = await startSyncFixture({ days: 8 });
    const store = fx.openStore();
    let inFlight = 0;
    let maxInFlight = 0;
    const imported: string[] = [];
    const importFile = async (report: { reportId: string }, path: string): Promise<void> => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      expect(store.getReport(report.reportId)?.filePath).toBe(path);
      if (imported.length === 2) {
        imported.push(report.reportId);
        throw new Error('row 3: not a settlement');
      }
      imported.push(report.reportId);
    };
    const summary = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, concurrency: 4, importFile });
    expect(maxInFlight).toBe(1);
    expect(imported).toHaveLength(summary.downloaded);
    expect(summary.failed).toBe(0);
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatch(/stored, but the import failed: row 3: not a settlement/);
  });
});
