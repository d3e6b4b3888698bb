import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/errors.js';
import type { EmulatorReportView } from '../../src/emulator/types.js';
import { REPORT_TYPES } from '../../src/report-types.js';
import type { Store } from '../../src/store/store.js';
import { backfillIdempotencyKey } from '../../src/sync/backfill-key.js';
import { backfillReports, type BackfillOptions, type BackfillSummary } from '../../src/sync/backfill.js';
import { syncReports } from '../../src/sync/sync.js';
import { filesUnder, startSyncFixture, type SyncFixture } from './helpers.js';

let fx: SyncFixture | undefined;
afterEach(async () => {
  await fx?.close();
  fx = undefined;
});

const fastDownloads = { maxAttempts: 10, baseDelayMs: 1, maxDelayMs: 2 };
const LIVE_TYPES = [REPORT_TYPES['order-reference'], REPORT_TYPES['billing-agreement'], REPORT_TYPES.authorization, REPORT_TYPES.refund, REPORT_TYPES['multi-currency']];

/** The fixture's clock stands still; a wait moves it, so reports leave IN_PROGRESS as the backfill polls. */
function options(f: SyncFixture, store: Store, over: Partial<BackfillOptions> = {}): BackfillOptions {
  return {
    client: f.client(), store, outDir: f.outDir, now: f.clock.now, since: new Date('2025-05-01T00:00:00Z'),
    sleep: (ms) => Promise.resolve(f.clock.advance(ms)), download: fastDownloads,
    // The limiter's pacing is real time (its own tests cover it); the crash test runs the default one.
    rateLimit: false, ...over,
  };
}

/** The reports the emulator created for backfill ranges (not its own settlement history), by type and range. */
function createdByRange(reports: EmulatorReportView[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const r of reports.filter((x) => x.reportType !== REPORT_TYPES.settlement)) {
    const k = `${r.reportType}|${r.startTime.toISOString()}|${r.endTime.toISOString()}`;
    out.set(k, [...(out.get(k) ?? []), r.reportId]);
  }
  return out;
}

describe('backfillReports against the emulator', () => {
  it('creates each type of each month once, waits, stores and imports them; months before the account opened end CANCELLED; a rerun asks nothing', async () => {
    fx = await startSyncFixture({ accountOpened: '2026-05-01', reportDelayMs: 60_000 });
    const store = await fx.openStore();
    const events: string[] = [];
    const summary = await backfillReports(options(fx, store, { since: new Date('2026-03-01'), onEvent: (e) => void events.push(e.type) }));

    // 2026-03 .. 2026-10: 8 months (the clock says 2026-11-20; the month in progress is left out).
    expect(summary.months.map((m) => m.month)).toEqual(['2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10']);
    expect(summary).toMatchObject({
      since: '2026-03-01T00:00:00Z', until: '2026-11-01T00:00:00Z', reportTypes: LIVE_TYPES, requested: 40, alreadyDone: 0,
      downloaded: 30, imported: 30, cancelled: 10, pending: 0, failed: 0, reportsFailed: 0, warnings: [], failures: [],
    });
    expect(summary.months[0]).toMatchObject({ startTime: '2026-03-01T00:00:00Z', endTime: '2026-04-01T00:00:00Z' });
    expect(summary.months.slice(0, 2).flatMap((m) => m.reports.map((r) => r.outcome))).toEqual(Array(10).fill('cancelled'));
    expect(summary.months.slice(2).flatMap((m) => m.reports.map((r) => r.outcome))).toEqual(Array(30).fill('imported'));
    expect(events.filter((e) => e === 'month-done')).toHaveLength(8);

    const created = createdByRange(fx.emulator.reports());
    expect(created.size).toBe(40);
    expect([...created.values()].every((ids) => ids.length === 1)).toBe(true);
    // Recorded as normal reports, each file stored and imported once; the requests say how each ended.
    const stored = await store.listReports({ reportTypes: LIVE_TYPES });
    expect(stored).toHaveLength(40);
    expect(stored.filter((r) => r.filePath !== undefined)).toHaveLength(30);
    expect((await filesUnder(fx.outDir)).size).toBe(30);
    expect((await store.listImports()).length).toBe(30);
    const requests = await store.listBackfillRequests();
    expect(requests.map((r) => r.state).sort()).toEqual([...Array<string>(10).fill('cancelled'), ...Array<string>(30).fill('imported')]);
    expect(new Set(requests.map((r) => r.reportId))).toEqual(new Set([...created.values()].flat()));
    expect((await store.listRuns(1))[0]).toMatchObject({ status: 'ok', listed: 40, downloaded: 30, failed: 0 });

    const from = fx.emulator.requests.length;
    const again = await backfillReports(options(fx, store, { since: new Date('2026-03-01') }));
    expect(fx.emulator.requests.length).toBe(from); // nothing to ask: every month is done, the CANCELLED ones too
    expect(again).toMatchObject({ requested: 0, alreadyDone: 40, downloaded: 0, imported: 0, apiCalls: 0 });

    // The incremental sync lists the created reports (created minutes ago) and finds them stored.
    const sync = await syncReports({ client: fx.client(), store, outDir: fx.outDir, now: fx.clock.now, reportTypes: LIVE_TYPES });
    expect(sync).toMatchObject({ downloaded: 0, failed: 0, skipped: 30, cancelled: 10 });
  });

  it('a create whose answer is lost (connection reset after Amazon made it) is retried with the same key and makes one report', async () => {
    fx = await startSyncFixture({ reportDelayMs: 5_000 });
    fx.emulator.script([{ operation: 'createReport', fault: 'reset', times: 3 }]);
    const store = await fx.openStore();
    const summary = await backfillReports(options(fx, store, { since: new Date('2026-09-15T00:00:00Z'), reportTypes: ['refund'] }));
    expect(summary.months.map((m) => [m.month, m.startTime])).toEqual([['2026-09', '2026-09-15T00:00:00Z'], ['2026-10', '2026-10-01T00:00:00Z']]);
    expect(summary).toMatchObject({ requested: 2, imported: 2, failed: 0 });
    expect(fx.emulator.requests.filter((r) => r.operation === 'createReport' && r.fault === 'reset')).toHaveLength(3);
    expect([...createdByRange(fx.emulator.reports()).values()]).toEqual([[expect.any(String)], [expect.any(String)]]);
  });

  it('a run killed after Amazon answered but before the store recorded it: the rerun gets the same report, not a second', async () => {
    fx = await startSyncFixture({ reportDelayMs: 0 });
    const store = await fx.openStore();
    // What the killed run sent: the first attempt for October's refunds, with its derived key; its answer never reached the store.
    const range = { startTime: '2026-10-01T00:00:00Z', endTime: '2026-11-01T00:00:00Z' };
    const key = backfillIdempotencyKey({ publicKeyId: fx.emulator.defaultMerchant!.publicKeyId, reportType: REPORT_TYPES.refund, ...range, attempt: 1 });
    const lost = await fx.client().reports.create({ reportType: REPORT_TYPES.refund, startTime: new Date(range.startTime), endTime: new Date(range.endTime) }, { idempotencyKey: key });
    const summary = await backfillReports(options(fx, store, { since: new Date('2026-10-01'), reportTypes: ['refund'] }));
    expect(summary).toMatchObject({ requested: 1, imported: 1 });
    expect(summary.months[0]?.reports).toEqual([{ reportType: REPORT_TYPES.refund, reportId: lost.reportId, outcome: 'imported' }]);
    expect([...createdByRange(fx.emulator.reports()).values()]).toEqual([[lost.reportId]]);
  });

  it('waits no longer than told, keeps an unfinished report recorded, and the next run fetches it without asking again', async () => {
    fx = await startSyncFixture({ reportDelayMs: 3_600_000 });
    const store = await fx.openStore();
    const first = await backfillReports(options(fx, store, { since: new Date('2026-10-01'), reportTypes: ['refund', 'authorization'], waitTimeoutMs: 60_000 }));
    expect(first).toMatchObject({ requested: 2, pending: 2, imported: 0, failed: 0 });
    expect(first.warnings).toHaveLength(2);
    expect(first.warnings[0]).toMatch(/^2026-10 (refund|authorization) report \S+ is still IN_PROGRESS; run the backfill again later/);
    expect((await store.listBackfillRequests()).map((r) => r.state)).toEqual(['requested', 'requested']);

    fx.clock.advance(3_600_000);
    const from = fx.emulator.requests.length;
    const second = await backfillReports(options(fx, store, { since: new Date('2026-10-01'), reportTypes: ['refund', 'authorization'] }));
    expect(second).toMatchObject({ requested: 0, pending: 0, imported: 2 });
    expect(fx.emulator.requests.slice(from).filter((r) => r.operation === 'createReport')).toEqual([]);
    expect(createdByRange(fx.emulator.reports()).size).toBe(2);
  });

  it('a recorded report Amazon no longer has (past its 90 days) is requested again, as the next attempt', async () => {
    fx = await startSyncFixture({ reportDelayMs: 0 });
    const store = await fx.openStore();
    await store.recordBackfillRequest({ reportType: REPORT_TYPES.refund, startTime: '2026-10-01T00:00:00Z', endTime: '2026-11-01T00:00:00Z', attempt: 1, reportId: 'AGONE000000000000000' });
    const summary = await backfillReports(options(fx, store, { since: new Date('2026-10-01'), reportTypes: ['refund'] }));
    expect(summary).toMatchObject({ requested: 1, imported: 1, failed: 0 });
    expect(summary.warnings).toEqual(['2026-10 refund report AGONE000000000000000 is gone (Amazon keeps reports 90 days); requesting it again']);
    expect(await store.listBackfillRequests()).toMatchObject([{ attempt: 2, state: 'imported' }]);
  });

  it('a report Amazon marked FAILED is requested again by the next run, as a new attempt, until maxAttempts', async () => {
    fx = await startSyncFixture({ reportDelayMs: 0 });
    const store = await fx.openStore();
    const oct = { reportType: REPORT_TYPES.refund, startTime: '2026-10-01T00:00:00Z', endTime: '2026-11-01T00:00:00Z' };
    const sep = { ...oct, startTime: '2026-09-01T00:00:00Z', endTime: '2026-10-01T00:00:00Z' };
    // The emulator never fails a report, so the earlier runs' outcomes are written as they would have been.
    for (const [key, attempt] of [[sep, 3], [oct, 1]] as const) {
      await store.recordBackfillRequest({ ...key, attempt, reportId: `AFAILED${attempt}` });
      await store.setBackfillState(key, 'failed', 'Amazon marked it FAILED');
    }
    const summary = await backfillReports(options(fx, store, { since: new Date('2026-09-01'), reportTypes: ['refund'] }));
    expect(summary).toMatchObject({ requested: 1, imported: 1, alreadyDone: 1, failed: 0 });
    expect(summary.months.map((m) => m.reports[0]?.outcome)).toEqual(['failed', 'imported']);
    expect(await store.listBackfillRequests()).toMatchObject([{ ...sep, attempt: 3, state: 'failed' }, { ...oct, attempt: 2, state: 'imported' }]);
  });

  it('a type Create Report refuses is asked once, not once a month, and the run reports it', async () => {
    fx = await startSyncFixture({ reportDelayMs: 0 });
    fx.emulator.script([{ operation: 'createReport', fault: 400 }]);
    const store = await fx.openStore();
    const summary: BackfillSummary = await backfillReports(options(fx, store, { since: new Date('2026-06-01'), reportTypes: ['refund'], concurrency: 1 }));
    expect(summary.failed).toBe(5);
    expect(summary.imported).toBe(0);
    expect(summary.failures.map((f) => f.stage)).toEqual(Array(5).fill('create'));
    expect(summary.failures[1]?.message).toMatch(/^Create Report refused _GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_ earlier in this run: POST \/live\/v2\/reports failed: 400/);
    expect(fx.emulator.requests.filter((r) => r.operation === 'createReport')).toHaveLength(1);
    expect((await store.listRuns(1))[0]).toMatchObject({ status: 'partial', failed: 5 });
    // Nothing was recorded, so the next run asks again.
    const again = await backfillReports(options(fx, store, { since: new Date('2026-06-01'), reportTypes: ['refund'] }));
    expect(again).toMatchObject({ requested: 5, imported: 5, failed: 0 });
  });

  it('refuses, before any request, a start in the future, before any Amazon Pay data, in the current month, and types Create Report cannot make', async () => {
    fx = await startSyncFixture();
    const store = await fx.openStore();
    const cases: Array<[Partial<BackfillOptions>, RegExp]> = [
      [{ since: new Date('2027-01-01') }, /^since 2027-01-01T00:00:00Z is in the future: give the past month the history should start in, such as 2025-11-01$/],
      [{ since: new Date('1999-12-31') }, /^since 1999-12-31T00:00:00Z is before 2007-01-01, earlier than any Amazon Pay data/],
      [{ since: new Date('2026-11-03') }, /^since 2026-11-03T00:00:00Z is in the current month \(2026-11\), which is not over: .* such as 2026-10-01$/],
      [{ since: new Date(Number.NaN) }, /^since is not a date/],
      [{ reportTypes: ['settlement'] }, /^settlement reports cannot be backfilled: Amazon creates one per settlement/],
      [{ reportTypes: ['capture'] }, /^capture reports are not available through the API/],
      [{ reportTypes: ['sandbox-settlement'] }, /cannot be created in live/],
      [{ concurrency: 0 }, /^concurrency must be a number from 1/],
    ];
    for (const [over, message] of cases) {
      const attempt = backfillReports(options(fx, store, over));
      await expect(attempt).rejects.toThrow(ConfigError);
      await expect(attempt).rejects.toThrow(message);
    }
    expect(fx.emulator.requests).toEqual([]);
    expect(await store.listRuns()).toEqual([]);
  });
});
