import { afterEach, describe, expect, it } from 'vitest';
import { AbortError, ConfigError } from '../../src/errors.js';
import { syncReports } from '../../src/sync/sync.js';
import { importReportFile } from '../../src/import/import-report-file.js';
import { reconcile } from '../../src/reconcile/reconcile.js';
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
    const store = (await fx.openStore());
    // The random 429s here are faults, not a quota: with the limiter on, each would slow the run
    // down as a quota would (rate learning has its own tests).
    const summary = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, download: fastDownloads, rateLimit: false });
    const completed = fx.emulator.reports().filter((r) => r.processingStatus === 'COMPLETED');
    expect(completed.length).toBeGreaterThanOrEqual(39);
    expect(summary).toMatchObject({ failed: 0, downloaded: completed.length, listed: fx.emulator.reports().length, warnings: [] });
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
    const faults = new Set(fx.emulator.requests.map((r) => r.fault).filter(Boolean));
    for (const kind of ['429', '500', '503', 'reset', 'truncate', 'expire']) expect(faults).toContain(kind);
    // Each expired URL was answered 403 by the file server and followed by a fresh document URL.
    expect(fx.emulator.requests.filter((r) => r.operation === 'download' && r.status === 403).length).toBeGreaterThanOrEqual(3);
    expect((await store.listDisbursements()).length).toBeGreaterThanOrEqual(39);
    expect(summary.checkpoint).toBe('2026-11-20T12:00:00Z');
    expect((await store.listRuns(1))[0]).toMatchObject({ status: 'ok', downloaded: completed.length, failed: 0 });
  });

  it('a rerun with nothing new makes at most 2 API calls and downloads nothing', async () => {
    fx = await startSyncFixture();
    const store = (await fx.openStore());
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

  it('a rerun with nothing new costs 2 calls even with 150 reports in the overlap; the whole overlap is re-listed every 6 hours', async () => {
    fx = await startSyncFixture({ days: 3, reportDelayMs: 0 });
    const seeder = fx.client();
    const end = fx.clock.now().getTime() - 3600_000;
    for (let i = 0; i < 150; i++) {
      await seeder.createReport({ reportType: 'refund', startTime: new Date(end - 86_400_000), endTime: new Date(end) });
      fx.clock.advance(1000);
    }
    // All of them inside the 2-day overlap of the next runs, none inside their last 15 minutes.
    fx.clock.advance(3600_000);
    const store = await fx.openStore();
    const first = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, import: false });
    expect(first.listed).toBeGreaterThan(150);
    const rerun = async () => {
      const from = fx!.emulator.requests.length;
      const s = await syncReports({ client: fx!.client(), store, outDir: fx!.outDir, now: fx!.clock.now, import: false });
      return { s, calls: fx!.emulator.requests.slice(from).map((r) => r.operation) };
    };
    fx.clock.advance(3600_000);
    const hourly = await rerun();
    expect(hourly.calls).toEqual(['getReports', 'getDisbursements']);
    expect(hourly.s).toMatchObject({ downloaded: 0, apiCalls: 2 });
    expect(Date.parse(hourly.s.checkpoint!) - Date.parse(hourly.s.createdSince)).toBeLessThanOrEqual(3600_000 + 15 * 60_000);
    // Six hours after the last full re-list, the whole 2-day overlap is listed again (two pages).
    fx.clock.advance(6 * 3600_000);
    const full = await rerun();
    expect(full.calls.filter((c) => c === 'getReports').length).toBeGreaterThanOrEqual(2);
    expect(full.s.downloaded).toBe(0);
    fx.clock.advance(3600_000);
    expect((await rerun()).calls).toEqual(['getReports', 'getDisbursements']);
  });

  it('downloads start with the first page of the listing, not after the last', async () => {
    fx = await startSyncFixture({ days: 3, reportDelayMs: 0, latencyMs: 10 });
    const seeder = fx.client();
    const end = fx.clock.now().getTime() - 3600_000;
    await Promise.all(Array.from({ length: 220 }, () => seeder.createReport({ reportType: 'refund', startTime: new Date(end - 86_400_000), endTime: new Date(end) })));
    fx.clock.advance(60_000);
    const store = await fx.openStore();
    const events: string[] = [];
    const summary = await syncReports({
      client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, import: false, rateLimit: false,
      onEvent: (e) => void (e.type === 'queued' || e.type === 'planned' ? events.push(`${e.type} ${e.toDownload}`) : undefined),
    });
    const requests = fx.emulator.requests.filter((r) => r.operation === 'getReports' || r.operation === 'getReportDocument');
    const pages = requests.filter((r) => r.operation === 'getReports');
    expect(pages.length).toBeGreaterThanOrEqual(3);
    // A document URL was minted before the last page was asked for.
    expect(requests.findIndex((r) => r.operation === 'getReportDocument')).toBeLessThan(requests.lastIndexOf(pages.at(-1)!));
    const completed = fx.emulator.reports().filter((r) => r.processingStatus === 'COMPLETED');
    expect(summary).toMatchObject({ downloaded: completed.length, failed: 0, listed: fx.emulator.reports().length });
    // The progress total grows page by page, then the plan states it whole.
    expect(events.at(-1)).toBe(`planned ${completed.length}`);
    expect(events.filter((e) => e.startsWith('queued')).length).toBeGreaterThanOrEqual(3);
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
  });

  it('a listing that fails half-way keeps what its first pages downloaded, holds the checkpoint, and the next run completes', async () => {
    fx = await startSyncFixture({ days: 3, reportDelayMs: 0 });
    const seeder = fx.client();
    const end = fx.clock.now().getTime() - 3600_000;
    await Promise.all(Array.from({ length: 150 }, () => seeder.createReport({ reportType: 'refund', startTime: new Date(end - 86_400_000), endTime: new Date(end) })));
    fx.clock.advance(60_000);
    const store = await fx.openStore();
    let listings = 0;
    // The second page's request never reaches the server: the network drops it.
    const failingSecondPage: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      if (url.pathname.endsWith('/v2/reports') && (init?.method ?? 'GET') === 'GET' && ++listings === 2) return Promise.reject(new TypeError('fetch failed'));
      return fetch(input, init);
    };
    const failed = syncReports({ client: fx.client({ fetch: failingSecondPage, retry: { retries: 0 } }), store, outDir: fx.outDir, now: fx.clock.now });
    await expect(failed).rejects.toThrow(/fetch failed|network/i);
    const stored = await store.listReports({ downloaded: true });
    expect(stored.length).toBeGreaterThan(0);
    expect(await store.getCheckpoint('reports')).toBeUndefined();
    expect((await store.listRuns(1))[0]).toMatchObject({ status: 'failed' });
    const again = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    expect(again.failed + again.importFailed).toBe(0);
    // Each file once: the first run's are kept, not fetched again.
    const completed = fx.emulator.reports().filter((r) => r.processingStatus === 'COMPLETED');
    expect(again.downloaded + stored.length).toBe(completed.length);
    expect((await store.listImports()).length).toBe(completed.length);
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
  });

  // Real clock in these two: the emulator's token bucket refills on its clock, ours on the monotonic one.
  const realTime = { now: () => new Date() };

  it('keeps every API call of the run under one shared rate limit: the throttled emulator never answers 429', async () => {
    fx = await startSyncFixture({ seed: 9, days: 12, throttle: { burst: 10, ratePerSecond: 40 }, ...realTime });
    const store = await fx.openStore();
    const client = fx.client({ ...realTime, retry: { retries: 0 } });
    const summary = await syncReports({ client, store, outDir: fx.outDir, concurrency: 8, rateLimit: { ratePerSecond: 10, burst: 3 } });
    expect(summary.failed).toBe(0);
    const api = fx.emulator.requests.filter((r) => r.operation !== 'download');
    expect(api.filter((r) => r.status === 429)).toEqual([]);
    expect(summary.apiCalls).toBe(api.length);
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
  });

  it('under a quota it is not told, with the default limiter, it slows down and stores every report: none fails, apiCalls is what the server saw', async () => {
    // 3/s burst 1 is below the limiter's start (5/s).
    fx = await startSyncFixture({ seed: 9, days: 12, throttle: { burst: 1, ratePerSecond: 3 }, ...realTime });
    const store = await fx.openStore();
    // Few retries, as a user might set: it is the limiter, not retrying, that must get every report through.
    const client = fx.client({ ...realTime, retry: { retries: 1 } });
    const summary = await syncReports({ client, store, outDir: fx.outDir, concurrency: 8 });
    const api = fx.emulator.requests.filter((r) => r.operation !== 'download');
    expect(api.filter((r) => r.status === 429).length).toBeGreaterThan(0);
    expect(summary).toMatchObject({ failed: 0, importFailed: 0, apiCalls: api.length, throttled: api.filter((r) => r.status === 429).length });
    expect(summary.downloaded).toBe(fx.emulator.reports().filter((r) => r.processingStatus === 'COMPLETED').length);
    expect(summary.rates.find((r) => r.operation === 'getReportDocument')?.ratePerSecond).toBeLessThanOrEqual(5);
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
  });

  it('an aborted run stops, records itself as interrupted, keeps the checkpoint safe; the next run completes', async () => {
    fx = await startSyncFixture({ days: 20 });
    const store = (await fx.openStore());
    const ac = new AbortController();
    let downloaded = 0;
    const error = await syncReports({
      client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, concurrency: 2, signal: ac.signal,
      onEvent: (e) => {
        if (e.type === 'downloaded' && ++downloaded === 3) ac.abort();
      },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect((await store.listRuns(1))[0]?.status).toBe('interrupted');
    const stored = (await store.listReports({ downloaded: true }));
    expect(stored.length).toBeLessThan(20);
    const pending = (await store.listReports({ downloaded: false }));
    expect(Date.parse((await store.getCheckpoint('reports')) ?? '')).toBeLessThanOrEqual(Date.parse(pending[0]?.createdTime ?? ''));

    const again = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    expect(again.downloaded).toBe(20 - stored.length);
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
  });

  it('a run aborted before it starts makes no request and records itself as interrupted', async () => {
    fx = await startSyncFixture({ days: 3 });
    const store = (await fx.openStore());
    const from = fx.emulator.requests.length;
    const error = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AbortError);
    expect(fx.emulator.requests.length).toBe(from);
    expect((await store.listRuns(1))[0]?.status).toBe('interrupted');
    expect((await store.getCheckpoint('reports'))).toBeUndefined();
  });

  it('imports run one at a time as the files are stored; a failed import fails the run, holds the checkpoint, and the next run imports it', async () => {
    fx = await startSyncFixture({ days: 8 });
    const store = (await fx.openStore());
    let inFlight = 0;
    let maxInFlight = 0;
    const imported: string[] = [];
    let broken: string | undefined;
    const importFile = async (report: { reportId: string; reportType: string; createdTime: string }, path: string): Promise<void> => {
      inFlight++;
      maxInFlight = Math.max(maxInFlight, inFlight);
      await new Promise((r) => setImmediate(r));
      inFlight--;
      expect((await store.getReport(report.reportId))?.filePath).toBe(path);
      imported.push(report.reportId);
      if (imported.length === 3) {
        broken = report.reportId;
        throw new Error('database is locked');
      }
      await importReportFile(store, report, path);
    };
    const first = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, concurrency: 4, importFile });
    expect(maxInFlight).toBe(1);
    expect(imported).toHaveLength(first.downloaded);
    expect(first).toMatchObject({ failed: 0, importFailed: 1, imported: first.downloaded - 1 });
    expect(first.failures).toEqual([{ reportId: broken, stage: 'import', message: 'stored, but the import failed: database is locked' }]);
    expect((await store.listRuns(1))[0]?.status).toBe('partial');
    const brokenReport = await store.getReport(broken ?? '');
    expect(Date.parse((await store.getCheckpoint('reports')) ?? '')).toBeLessThanOrEqual(Date.parse(brokenReport?.createdTime ?? ''));
    expect(await store.getImport(broken ?? '')).toBeUndefined();

    // The next run, with the built-in import, picks up exactly the one left behind.
    const second = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    expect(second).toMatchObject({ failed: 0, importFailed: 0, imported: 1, downloaded: 0 });
    expect(await store.getImport(broken ?? '')).toMatchObject({ reportId: broken });
    expect((await store.listImports()).length).toBe((await store.listReports({ downloaded: true })).length);
  });

  it('the library sync imports rows as it stores files, so reconcile finds every settlement (as in the README)', async () => {
    fx = await startSyncFixture({ days: 6 });
    const store = (await fx.openStore());
    const summary = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    expect(summary.imported).toBe(summary.downloaded);
    const report = await reconcile(store);
    expect(report.issues.filter((i) => i.code === 'not-imported')).toEqual([]);
    expect(report.settlementsChecked).toBeGreaterThanOrEqual(5);
  });

  it('import: false only downloads; a later default run imports what is stored', async () => {
    fx = await startSyncFixture({ days: 4 });
    const store = (await fx.openStore());
    const first = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, import: false });
    expect(first.imported).toBe(0);
    expect(await store.listImports()).toEqual([]);
    const second = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    expect(second.imported).toBe(first.downloaded);
  });

  it('a store that belongs to another account is refused before anything changes', async () => {
    fx = await startSyncFixture({ days: 3 });
    const store = (await fx.openStore());
    await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    const before = { reports: await store.listReports(), runs: await store.listRuns(), checkpoint: await store.getCheckpoint('reports') };
    const requests = fx.emulator.requests.length;
    const other = fx.client({ publicKeyId: 'LIVE-OTHERACCOUNT01' });
    const error = await syncReports({ client: other, store, outDir: fx.outDir, now: fx.clock.now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/belongs to the emulator .*key .*, not to the emulator .*key LIVE-OTHERACCOUNT01.*--db/);
    expect(fx.emulator.requests.length).toBe(requests);
    expect({ reports: await store.listReports(), runs: await store.listRuns(), checkpoint: await store.getCheckpoint('reports') }).toEqual(before);
  });
});
