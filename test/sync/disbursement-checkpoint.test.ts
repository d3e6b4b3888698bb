import { afterEach, describe, expect, it } from 'vitest';
import { syncReports } from '../../src/sync/sync.js';
import { startSyncFixture, type SyncFixture } from './helpers.js';

let fx: SyncFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

describe('the checkpoint and disbursements', () => {
  it('a run whose disbursement listing failed does not move the checkpoint past the disbursements it never stored', async () => {
    fx = await startSyncFixture({ days: 20 });
    const store = (await fx.openStore());
    fx.emulator.script([{ operation: 'getDisbursements', fault: 500 }]);
    const first = await syncReports({ client: fx.client({ retry: { retries: 0 } }), store, outDir: fx.outDir, now: fx.clock.now });
    expect(first.warnings.join('\n')).toMatch(/could not list disbursements/);
    expect((await store.listDisbursements())).toEqual([]);

    // Longer than the overlap window later, the next run must still fetch the whole history.
    fx.clock.advance(5 * 24 * 3600_000);
    const second = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    expect(second.warnings).toEqual([]);
    expect((await store.listDisbursements()).length).toBeGreaterThanOrEqual(19);
  });

  it('an aborted run (which lists no disbursements) does not move the checkpoint past them either', async () => {
    fx = await startSyncFixture({ days: 20 });
    const store = (await fx.openStore());
    const ac = new AbortController();
    let downloaded = 0;
    await syncReports({
      client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, concurrency: 1, signal: ac.signal,
      onEvent: (e) => {
        if (e.type === 'downloaded' && ++downloaded === 15) ac.abort();
      },
    }).catch(() => undefined);
    expect((await store.listDisbursements())).toEqual([]);
    fx.clock.advance(5 * 24 * 3600_000);
    await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now });
    expect((await store.listDisbursements()).length).toBeGreaterThanOrEqual(19);
  });
});

describe('report types given to the library', () => {
  it('a short name and its full name are one filter: the same checkpoint, and re-checks are not skipped', async () => {
    fx = await startSyncFixture({ days: 4 });
    const store = (await fx.openStore());
    const full = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_';
    const first = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, reportTypes: ['settlement'] });
    expect(first.downloaded).toBe(4);
    expect((await store.getCheckpoint(`reports:${full}`))).toBe(first.checkpoint);
  });

  it('an unknown report type is a clear ConfigError before any request', async () => {
    fx = await startSyncFixture({ days: 2 });
    const store = (await fx.openStore());
    const from = fx.emulator.requests.length;
    await expect(syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, reportTypes: ['setlement'] }))
      .rejects.toThrow(/unknown report type "setlement"/);
    expect(fx.emulator.requests.length).toBe(from);
  });
});

describe('a bad concurrency', () => {
  it.each([Number.NaN])('%s is a ConfigError before any request, not a run that silently downloads nothing', async (concurrency) => {
    fx = await startSyncFixture({ days: 2 });
    const store = (await fx.openStore());
    const from = fx.emulator.requests.length;
    await expect(syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, concurrency }))
      .rejects.toThrow(/concurrency must be a number from 1/);
    expect(fx.emulator.requests.length).toBe(from);
    await fx.close();
    fx = undefined;
  });
});
