import { afterEach, describe, expect, it } from 'vitest';
import { Writable } from 'node:stream';
import { DownloadError, StoreError } from '../../src/errors.js';
import { acquireSyncLock } from '../../src/store/sqlite/lock.js';
import { syncReports } from '../../src/sync/sync.js';
import { compareWithEmulator, filesUnder, startSyncFixture, type SyncFixture } from './helpers.js';

let fx: SyncFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const DAY = 24 * 3600_000;

describe('report lifecycle across runs', () => {
  it('records IN_PROGRESS, holds the checkpoint before it, downloads it once COMPLETED; records CANCELLED', async () => {
    fx = await startSyncFixture({ days: 5, reportDelayMs: 60_000 });
    const client = fx.client();
    const store = (await fx.openStore());
    const sync = () => syncReports({ client, store, outDir: fx!.outDir, now: fx!.clock.now });
    await sync();

    const now = fx.clock.now().getTime();
    const { reportId: ready } = await client.createReport({ reportType: 'refund', startTime: new Date(now - 3 * DAY), endTime: new Date(now - DAY) });
    // A range with no data ends CANCELLED (Amazon's "no data" too).
    const { reportId: empty } = await client.createReport({ reportType: 'refund', startTime: new Date(now + DAY), endTime: new Date(now + 2 * DAY) });
    fx.clock.advance(10_000);

    const second = await sync();
    expect(second.inProgress).toBe(2);
    expect(second.failed).toBe(0);
    expect((await store.getReport(ready))?.processingStatus).toBe('IN_PROGRESS');
    expect(second.checkpoint).toBe((await store.getReport(ready))?.createdTime);
    expect(Date.parse(second.checkpoint ?? '')).toBeLessThan(Date.parse(second.createdUntil));

    fx.clock.advance(120_000);
    const third = await sync();
    expect(third).toMatchObject({ downloaded: 1, inProgress: 0, failed: 0 });
    expect(third.cancelled).toBeGreaterThanOrEqual(1);
    expect((await store.getReport(ready))).toMatchObject({ processingStatus: 'COMPLETED', sha256: expect.any(String) as string });
    expect((await store.getReport(empty))).toMatchObject({ processingStatus: 'CANCELLED' });
    expect((await store.getReport(empty))?.filePath).toBeUndefined();
    expect(third.checkpoint).toBe(third.createdUntil);
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
  });

  it('re-checks an unfinished report the listing no longer shows by id, and only that one', async () => {
    fx = await startSyncFixture({ days: 3, reportDelayMs: 60_000 });
    const client = fx.client();
    const store = (await fx.openStore());
    const now = fx.clock.now().getTime();
    const { reportId } = await client.createReport({ reportType: 'refund', startTime: new Date(now - 2 * DAY), endTime: new Date(now - DAY) });
    fx.clock.advance(5_000);
    expect((await syncReports({ client, store, outDir: fx.outDir, now: fx.clock.now })).inProgress).toBe(1);

    fx.clock.advance(120_000);
    const from = fx.emulator.requests.length;
    // --since after the report's creation: the listing cannot show it; the re-check must.
    const run = await syncReports({ client, store, outDir: fx.outDir, now: fx.clock.now, since: new Date(fx.clock.now().getTime() - 1000) });
    const ops = fx.emulator.requests.slice(from).map((r) => r.operation);
    expect(ops.filter((o) => o === 'getReportById')).toHaveLength(1);
    expect(run.downloaded).toBe(1);
    expect((await store.getReport(reportId))?.sha256).toBe((await fx.emulator.documentSha256((await store.getReport(reportId))?.reportDocumentId ?? '')).sha256);
  });

  it('a download that keeps failing is recorded, counted, and does not stop the others or pass the checkpoint', async () => {
    fx = await startSyncFixture({ days: 6 });
    const client = fx.client({ retry: { retries: 0 } });
    const store = (await fx.openStore());
    fx.emulator.script([{ operation: 'download', fault: 500, times: 3 }]);
    const run = await syncReports({ client, store, outDir: fx.outDir, now: fx.clock.now, concurrency: 1, download: { maxAttempts: 3, baseDelayMs: 1, maxDelayMs: 1 } });
    expect(run.failed).toBe(1);
    expect(run.downloaded).toBe(run.listed - 1);
    const [failure] = run.failures;
    // The pre-signed URL's query string is a credential: never in the summary or the store.
    expect(failure?.message).toMatch(/download failed after 3 attempts/);
    expect(failure?.message).not.toMatch(/\?(?!\[REDACTED\])\S/);
    const row = (await store.getReport(failure?.reportId ?? ''));
    expect(row).toMatchObject({ attempts: 1, lastError: failure?.message });
    expect(run.checkpoint).toBe(row?.createdTime);
    expect((await store.listRuns(1))[0]).toMatchObject({ status: 'partial', failed: 1 });

    const again = await syncReports({ client, store, outDir: fx.outDir, now: fx.clock.now });
    expect(again).toMatchObject({ downloaded: 1, failed: 0 });
    expect(again.checkpoint).toBe(again.createdUntil);
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
  });
});

describe('filters and the checkpoint', () => {
  it('--type keeps its own checkpoint; --since past the checkpoint does not move it', async () => {
    fx = await startSyncFixture({ days: 6 });
    const client = fx.client();
    const store = (await fx.openStore());
    const now = fx.clock.now().getTime();
    await client.createReport({ reportType: 'refund', startTime: new Date(now - 3 * DAY), endTime: new Date(now - 2 * DAY) });
    fx.clock.advance(120_000);

    const settlement = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_';
    const only = await syncReports({ client, store, outDir: fx.outDir, now: fx.clock.now, reportTypes: [settlement] });
    expect(only.downloaded).toBe(6);
    expect((await store.getCheckpoint(`reports:${settlement}`))).toBe(only.checkpoint);
    expect((await store.getCheckpoint('reports'))).toBeUndefined();

    // The unfiltered sync still starts at the retention floor and finds the refund report.
    const all = await syncReports({ client, store, outDir: fx.outDir, now: fx.clock.now });
    expect(all).toMatchObject({ downloaded: 1, skipped: 6 });
    const checkpoint = (await store.getCheckpoint('reports'));

    fx.clock.advance(10 * DAY);
    const late = await syncReports({ client, store, outDir: fx.outDir, now: fx.clock.now, since: new Date(fx.clock.now().getTime() - DAY) });
    expect(late.downloaded).toBe(1); // the one settlement of the last day
    expect((await store.getCheckpoint('reports'))).toBe(checkpoint); // the 9 days before --since are not skipped
    const catchUp = await syncReports({ client, store, outDir: fx.outDir, now: fx.clock.now });
    expect(catchUp.downloaded).toBe(9);
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
  });
});

describe('a full disk', () => {
  it('stops the run with one clear error, damages nothing stored, and the next run completes', async () => {
    fx = await startSyncFixture({ days: 12 });
    const store = (await fx.openStore());
    const first = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    const before = await filesUnder(fx.outDir);
    const reportsBefore = (await store.listReports());

    fx.clock.advance(3 * DAY); // three new settlements
    let opened = 0;
    const full = (): Writable => {
      opened++;
      return new Writable({
        write(_chunk, _encoding, callback) {
          callback(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' }));
        },
      });
    };
    const error = await syncReports({
      client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, concurrency: 1, download: { createWriteStream: full },
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DownloadError);
    expect((error as Error).message).toMatch(/disk full while writing .* \(ENOSPC\).*free some space and run again/);
    expect(opened).toBe(1); // it did not go on to fail every other report the same way
    expect((await store.listRuns(1))[0]).toMatchObject({ status: 'failed' });
    // The checkpoint may move up to, never past, the first report not stored.
    const waiting = (await store.listReports({ downloaded: false }));
    expect(waiting).toHaveLength(3);
    expect(Date.parse((await store.getCheckpoint('reports')) ?? '')).toBeGreaterThanOrEqual(Date.parse(first.checkpoint ?? ''));
    expect(Date.parse((await store.getCheckpoint('reports')) ?? '')).toBeLessThanOrEqual(Date.parse(waiting[0]?.createdTime ?? ''));
    expect(await filesUnder(fx.outDir)).toEqual(before);
    for (const r of reportsBefore) expect((await store.getReport(r.reportId))).toMatchObject({ sha256: r.sha256, filePath: r.filePath });

    const again = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    expect(again).toMatchObject({ downloaded: 3, failed: 0 });
    expect(await compareWithEmulator(fx.emulator, store, fx.outDir)).toEqual([]);
  });
});

describe('the sync lock', () => {
  it('a second sync on the same store fails clearly, naming the holder, and changes nothing', async () => {
    fx = await startSyncFixture({ days: 2 });
    const store = (await fx.openStore());
    const held = acquireSyncLock(fx.dbPath, { now: fx.clock.now, owner: { command: 'amazon-pay-reports sync' } });
    try {
      const from = fx.emulator.requests.length;
      const error = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(StoreError);
      expect((error as Error).message).toContain(`pid ${process.pid}`);
      expect((error as Error).message).toContain('amazon-pay-reports sync');
      expect(fx.emulator.requests.length).toBe(from);
      expect((await store.listRuns())).toEqual([]);
    } finally {
      held.release();
    }
    expect((await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now })).failed).toBe(0);
  });
});
