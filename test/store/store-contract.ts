import type { Disbursement, Report } from '../../src/client/types.js';
import { ConfigError, StoreError } from '../../src/errors.js';
import type { Store } from '../../src/store/store.js';
import type { ExportedRow, ImportedSettlement, StoreIdentity } from '../../src/store/stored-report.js';
import { EXPORTED_ROW_COLUMNS, ROW_TEXT_SEPARATOR, type ExportedRowCells } from '../../src/store/exported-row-cells.js';
import type { SettlementRecord } from '../../src/reports/parsed-record.js';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

/** How a contract run opens a fresh, empty store of its engine, and how it tidies up. */
export interface StoreFactory {
  /** A new empty store whose clock is `now`. */
  open(now: () => Date): Promise<Store>;
  /** The same store again, read-only. */
  reopenReadOnly(): Promise<Store>;
  cleanup(): Promise<void>;
}

/**
 * The behaviour every Store engine must have. Each engine's test file calls this with a factory;
 * nothing here knows which engine it talks to.
 */
export function storeContract(engine: string, factory: () => StoreFactory): void {
describe(`Store contract: ${engine}`, () => {
  let f: StoreFactory;
  let store: Store;
  let clock: Date;
  beforeEach(async () => {
    f = factory();
    clock = new Date('2026-11-01T10:00:00Z');
    store = await f.open(() => clock);
  });
  afterEach(async () => {
    await store.close();
    await f.cleanup();
  });
  const upsert = async (r: Report) => (await store.upsertListedReports([r]))[0];
  const upsertD = async (d: Disbursement) => (await store.upsertDisbursements([d]))[0];

  const report = (over: Partial<Report> = {}): Report => ({
    reportId: 'R-1',
    reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_',
    processingStatus: 'IN_PROGRESS',
    createdTime: '20261030T120000Z',
    startTime: '2026-10-16T00:00:00Z',
    ...over,
  });

  describe('reports', () => {
    it('reports new, then unchanged, then changed, normalising times', async () => {
      expect(await upsert(report())).toBe('new');
      expect(await upsert(report())).toBe('unchanged');
      clock = new Date('2026-11-01T11:00:00Z');
      expect(await upsert(report({ processingStatus: 'COMPLETED', reportDocumentId: 'D-1' }))).toBe('changed');
      expect(await store.getReport('R-1')).toEqual({
        reportId: 'R-1',
        reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_',
        processingStatus: 'COMPLETED',
        createdTime: '2026-10-30T12:00:00Z',
        startTime: '2026-10-16T00:00:00Z',
        reportDocumentId: 'D-1',
        firstSeenAt: '2026-11-01T10:00:00Z',
        updatedAt: '2026-11-01T11:00:00Z',
        attempts: 0,
      });
    });

    it('a listing that omits a field does not erase it', async () => {
      await upsert(report({ processingStatus: 'COMPLETED', reportDocumentId: 'D-1' }));
      const { startTime: _s, ...rest } = report({ processingStatus: 'COMPLETED' });
      expect(await upsert(rest)).toBe('unchanged');
      expect(await store.getReport('R-1')).toMatchObject({ startTime: '2026-10-16T00:00:00Z', reportDocumentId: 'D-1' });
    });

    it('never clears a recorded download on re-listing', async () => {
      await upsert(report({ processingStatus: 'COMPLETED', reportDocumentId: 'D-1' }));
      await store.recordDownload('R-1', { path: '/x/settlement/2026-10-16_R-1.csv', bytes: 42, sha256: 'ab'.repeat(32) });
      await upsert(report({ processingStatus: 'COMPLETED', reportDocumentId: 'D-2' }));
      expect(await store.getReport('R-1')).toMatchObject({ filePath: '/x/settlement/2026-10-16_R-1.csv', bytes: 42, reportDocumentId: 'D-2' });
    });

    it('recordDownload of an unknown report is a StoreError', async () => {
      await expect(store.recordDownload('nope', { path: '/x', bytes: 1, sha256: 'a' })).rejects.toThrow(StoreError);
    });

    it('recordFailure counts attempts and redacts URLs; a later download clears the error', async () => {
      await upsert(report({ processingStatus: 'COMPLETED', reportDocumentId: 'D-1' }));
      await store.recordFailure('R-1', 'GET https://bucket.example/doc?X-Amz-Signature=secret failed');
      await store.recordFailure('R-1', 'again');
      const failed = await store.getReport('R-1');
      expect(failed?.attempts).toBe(2);
      expect(failed?.lastError).toBe('again');
      await store.recordFailure('R-1', 'GET https://bucket.example/doc?X-Amz-Signature=secret failed');
      expect((await store.getReport('R-1'))?.lastError).not.toContain('secret');
      await store.recordDownload('R-1', { path: '/p', bytes: 1, sha256: 'a' });
      expect(await store.getReport('R-1')).toMatchObject({ attempts: 3, downloadedAt: '2026-11-01T10:00:00Z' });
      expect((await store.getReport('R-1'))?.lastError).toBeUndefined();
    });

    it('reportsNeedingWork: COMPLETED without a file and unfinished ones, oldest first', async () => {
      await upsert(report({ reportId: 'done', processingStatus: 'COMPLETED', reportDocumentId: 'D1', createdTime: '2026-10-01T00:00:00Z' }));
      await store.recordDownload('done', { path: '/p', bytes: 1, sha256: 'a' });
      await upsert(report({ reportId: 'todo', processingStatus: 'COMPLETED', reportDocumentId: 'D2', createdTime: '2026-10-03T00:00:00Z' }));
      await upsert(report({ reportId: 'busy', processingStatus: 'IN_PROGRESS', createdTime: '2026-10-02T00:00:00Z' }));
      await upsert(report({ reportId: 'dead', processingStatus: 'CANCELLED', createdTime: '2026-10-02T00:00:00Z' }));
      await upsert(report({ reportId: 'bad', processingStatus: 'FAILED', createdTime: '2026-10-02T00:00:00Z' }));
      expect((await store.reportsNeedingWork()).map((r) => r.reportId)).toEqual(['busy', 'todo']);
    });

    it('listReports filters by type, status, created window and download state', async () => {
      await upsert(report({ reportId: 'a', processingStatus: 'COMPLETED', createdTime: '2026-10-01T00:00:00Z' }));
      await upsert(report({ reportId: 'b', processingStatus: 'CANCELLED', createdTime: '2026-10-05T00:00:00Z' }));
      await upsert(report({ reportId: 'c', reportType: 'other', processingStatus: 'COMPLETED', createdTime: '2026-10-09T00:00:00Z' }));
      await store.recordDownload('c', { path: '/p', bytes: 1, sha256: 'a' });
      const ids = async (f: Parameters<Store['listReports']>[0]) => (await store.listReports(f)).map((r) => r.reportId);
      expect(await ids({})).toEqual(['a', 'b', 'c']);
      expect(await ids({ processingStatuses: ['COMPLETED'] })).toEqual(['a', 'c']);
      expect(await ids({ reportTypes: ['other'] })).toEqual(['c']);
      expect(await ids({ createdSince: '2026-10-05', createdUntil: new Date('2026-10-09T00:00:00Z') })).toEqual(['b']);
      expect(await ids({ downloaded: true })).toEqual(['c']);
      expect(await ids({ downloaded: false })).toEqual(['a', 'b']);
      expect(await ids({ reportTypes: ["x') OR 1=1 --"] })).toEqual([]);
      await expect(store.listReports({ createdSince: 'yesterday' })).rejects.toThrow(StoreError);
    });
  });

  describe('checkpoints and runs', () => {
    it('checkpoints upsert', async () => {
      expect(await store.getCheckpoint('c')).toBeUndefined();
      await store.setCheckpoint('c', '1');
      await store.setCheckpoint('c', '2');
      expect(await store.getCheckpoint('c')).toBe('2');
    });

    it('runs start as running and finish with a summary', async () => {
      const id = await store.startRun();
      expect((await store.listRuns())[0]).toMatchObject({ id, status: 'running', listed: 0 });
      clock = new Date('2026-11-01T10:05:00Z');
      await store.finishRun(id, { status: 'ok', listed: 5, downloaded: 3, skipped: 1, failed: 1, apiCalls: 9 });
      expect(await store.listRuns(1)).toEqual([
        { id, startedAt: '2026-11-01T10:00:00Z', finishedAt: '2026-11-01T10:05:00Z', status: 'ok', listed: 5, downloaded: 3, skipped: 1, failed: 1, apiCalls: 9 },
      ]);
    });

    it('a run left running by a killed process is marked interrupted when the next run starts', async () => {
      const dead = await store.startRun();
      clock = new Date('2026-11-01T11:00:00Z');
      const next = await store.startRun();
      const runs = await store.listRuns(2);
      expect(runs.find((r) => r.id === dead)).toMatchObject({ status: 'interrupted', finishedAt: '2026-11-01T11:00:00Z' });
      expect(runs.find((r) => r.id === next)).toMatchObject({ status: 'running' });
    });
  });

  describe('disbursements', () => {
    const d = {
      sellerId: 'S1',
      settlementId: '100',
      amazonDisbursementReferenceId: 'REF-1',
      amount: '1000.50',
      currencyCode: 'USD',
      transactionTime: '2026-10-07T17:08:26.717Z',
    };

    it('upserts by reference id and keeps the amount as a decimal string', async () => {
      expect(await upsertD(d)).toBe('new');
      expect(await upsertD(d)).toBe('unchanged');
      expect(await upsertD({ ...d, amount: '1000.5' })).toBe('changed');
      expect(await store.listDisbursements()).toEqual([{ ...d, amount: '1000.5', transactionTime: '2026-10-07T17:08:26Z' }]);
    });

    it('filters by since (inclusive) and until (exclusive)', async () => {
      await upsertD(d);
      await upsertD({ ...d, amazonDisbursementReferenceId: 'REF-2', transactionTime: '2026-10-20T00:00:00Z' });
      expect((await store.listDisbursements({ since: '2026-10-08' })).map((x) => x.amazonDisbursementReferenceId)).toEqual(['REF-2']);
      expect((await store.listDisbursements({ until: '2026-10-20T00:00:00Z' })).map((x) => x.amazonDisbursementReferenceId)).toEqual(['REF-1']);
    });
  });

  describe('identity', () => {
    const me: StoreIdentity = { endpoint: 'https://pay-api.amazon.eu', region: 'eu', environment: 'live', publicKeyId: 'LIVE-AAA' };

    it('is recorded on first bind, passes the same owner and learns the merchant id', async () => {
      expect(await store.getIdentity()).toBeUndefined();
      await store.bindIdentity(me);
      await store.bindIdentity(me);
      await store.bindIdentity({ ...me, merchantId: 'M1' });
      await store.bindIdentity(me);
      expect(await store.getIdentity()).toEqual({ ...me, merchantId: 'M1' });
    });

    it('refuses another owner with a ConfigError naming both, and changes nothing', async () => {
      await store.bindIdentity({ ...me, merchantId: 'M1' });
      await store.setCheckpoint('reports', 'kept');
      for (const other of [{ ...me, publicKeyId: 'LIVE-BBB' }, { ...me, endpoint: 'emulator' }, { ...me, environment: 'sandbox' as const }, { ...me, region: 'na' }, { ...me, merchantId: 'M2' }]) {
        const attempt = store.bindIdentity(other);
        await expect(attempt).rejects.toThrow(ConfigError);
        await expect(attempt).rejects.toThrow(/belongs to .*LIVE-AAA.*not to .*--db/);
      }
      expect(await store.getIdentity()).toEqual({ ...me, merchantId: 'M1' });
      expect(await store.getCheckpoint('reports')).toBe('kept');
    });
  });

  describe('imports', () => {
    const ref = { reportId: 'R-1', reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_' };
    const row = (line: number, over: Partial<SettlementRecord> = {}): SettlementRecord => ({
      kind: 'settlement', line, settlementId: 'S-1', postedAt: `2026-10-0${line}T00:00:00Z`, postedAtRaw: `2026-10-0${line}`,
      amazonTransactionId: `T-${line}`, sellerReferenceId: null, transactionType: 'Capture', amazonOrderReferenceId: null,
      sellerOrderId: null, storeName: null, currencyCode: 'USD', description: null, amount: '10.00', percentageFee: '-0.29',
      fixedFee: '-0.30', totalFee: '-0.59', net: '9.41', ...over,
    });
    const totals = (over: Partial<ImportedSettlement> = {}): ImportedSettlement => ({
      settlementId: 'S-1', sellerId: 'SELLER', startRaw: null, startAt: '2026-10-01T00:00:00Z', endRaw: null, endAt: '2026-10-15T00:00:00Z',
      currency: 'USD', rowCount: 2, captures: '20.00', refunds: '0.00', fees: '-1.18', chargebacks: '0.00', adjustments: '0.00',
      reserve: '0.00', net: '18.82', payout: '18.82', transferCount: 1, firstPostedAt: '2026-10-01T00:00:00Z', lastPostedAt: '2026-10-02T00:00:00Z', ...over,
    });
    const importTwoRows = (reportId = 'R-1', over: Partial<ImportedSettlement> = {}) => store.replaceReportRows({ ...ref, reportId }, async (w) => {
      await w.addRecords([row(1), row(2)]);
      await w.addWarnings([{ line: 2, code: 'fee-sum', message: 'fees do not add up' }]);
      await w.finish({ reportKind: 'settlement', filePath: `/f/${reportId}.csv`, sha256: 'ab', bytes: 10, rowCount: 2, settlements: [totals(over)] });
      return 'done';
    });

    it('records rows, settlements, warnings and the import in one go', async () => {
      expect(await importTwoRows()).toBe('done');
      expect(await store.getImport('R-1')).toMatchObject({ reportId: 'R-1', reportKind: 'settlement', sha256: 'ab', rowCount: 2, warningCount: 1, settlementIds: ['S-1'] });
      expect((await store.listImports()).map((i) => i.reportId)).toEqual(['R-1']);
      expect(await store.listSettlements()).toEqual([{ ...totals(), reportId: 'R-1', reportType: ref.reportType, active: true }]);
      expect(await store.reportWarnings('R-1', 10)).toEqual({ total: 1, warnings: [{ line: 2, code: 'fee-sum', message: 'fees do not add up' }] });
      expect(await store.reportWarnings('R-1', 0)).toEqual({ total: 1, warnings: [] });
      expect(await store.settlementRowCounts()).toEqual([{ reportId: 'R-1', settlementId: 'S-1', rows: 2 }]);
      const rows = [];
      for await (const batch of store.settlementRows()) rows.push(...batch);
      expect(rows.map((r) => [r.reportId, r.line, r.amount, r.net])).toEqual([['R-1', 1, '10.00', '9.41'], ['R-1', 2, '10.00', '9.41']]);
      const since = [];
      for await (const batch of store.settlementRows({ since: '2026-10-02T00:00:00Z' })) since.push(...batch);
      expect(since.map((r) => r.line)).toEqual([2]);
    });

    it('a fill that throws leaves the previous rows exactly as they were', async () => {
      await importTwoRows();
      await expect(store.replaceReportRows(ref, async (w) => {
        await w.addRecords([row(1, { amount: '99.00' })]);
        throw new Error('disk full');
      })).rejects.toThrow('disk full');
      expect(await store.settlementRowCounts()).toEqual([{ reportId: 'R-1', settlementId: 'S-1', rows: 2 }]);
      expect((await store.getImport('R-1'))?.rowCount).toBe(2);
      expect((await store.listSettlements())[0]?.net).toBe('18.82');
    });

    it('a fill that never finishes stores nothing', async () => {
      await expect(store.replaceReportRows(ref, async (w) => {
        await w.addRecords([row(1)]);
      })).rejects.toThrow(/without finish/);
      expect(await store.getImport('R-1')).toBeUndefined();
      expect(await store.settlementRowCounts()).toEqual([]);
    });

    it('a re-import replaces the rows; a SettlementId in two reports has one active copy, the one Amazon created last', async () => {
      await upsert(report({ reportId: 'R-1', processingStatus: 'COMPLETED', createdTime: '2026-10-16T00:00:00Z' }));
      await upsert(report({ reportId: 'R-2', processingStatus: 'COMPLETED', createdTime: '2026-10-17T00:00:00Z' }));
      await importTwoRows('R-2', { net: '1.00' });
      await importTwoRows('R-1');
      const copies = await store.listSettlements();
      expect(copies.map((s) => [s.reportId, s.active])).toEqual([['R-1', false], ['R-2', true]]);
      expect((await store.listSettlements({ activeOnly: true })).map((s) => s.net)).toEqual(['1.00']);
      expect((await store.listSettlements({ settlementId: 'nope' }))).toEqual([]);
      const exported = [];
      for await (const batch of store.settlementRows()) exported.push(...batch);
      expect(exported.every((r) => r.reportId === 'R-2')).toBe(true);
    });

    /** `n` rows of one settlement, a second apart from 2026-10-01, each with its own amount. */
    const manyRows = (n: number, first = 1): SettlementRecord[] => Array.from({ length: n }, (_, i) => {
      const line = first + i;
      return row(line, { postedAt: new Date(Date.UTC(2026, 9, 1) + line * 1000).toISOString().replace('.000Z', 'Z'), amount: `${line}.01`, net: `-${line}.99` });
    });
    /** Imports `records` as one settlement (`over.settlementId`, default S-1), handed over `batchSize` at a time. */
    const importRows = (reportId: string, given: SettlementRecord[], batchSize: number, over: Partial<ImportedSettlement> = {}) =>
      store.replaceReportRows({ ...ref, reportId }, async (w) => {
        const records = given.map((r) => ({ ...r, settlementId: over.settlementId ?? 'S-1' }));
        for (let i = 0; i < records.length; i += batchSize) await w.addRecords(records.slice(i, i + batchSize));
        await w.finish({
          reportKind: 'settlement', filePath: `/f/${reportId}.csv`, sha256: reportId, bytes: 1, rowCount: records.length,
          settlements: [totals({ rowCount: records.length, firstPostedAt: records[0]?.postedAt ?? null, lastPostedAt: records.at(-1)?.postedAt ?? null, ...over })],
        });
      });
    const exported = async (filter: { since?: string; until?: string } = {}) => {
      const out = [];
      for await (const batch of store.settlementRows(filter)) out.push(...batch);
      return out;
    };

    it('stores every row whatever the batch sizes, on both sides of each statement boundary', async () => {
      // Sizes around the engines' rows per statement (SQLite 64, PostgreSQL 2000), fed in batches that straddle them.
      const sizes: Array<[number, number]> = [[1, 1], [63, 7], [64, 64], [65, 64], [65, 1], [129, 50], [2001, 333], [2001, 2001]];
      for (const [n, batch] of sizes) await importRows(`R-${n}-${batch}`, manyRows(n), batch, { settlementId: `S-${n}-${batch}` });
      const counts = await store.settlementRowCounts();
      expect(counts).toEqual(sizes.map(([n, batch]) => ({ reportId: `R-${n}-${batch}`, settlementId: `S-${n}-${batch}`, rows: n })).sort((a, b) => (a.reportId < b.reportId ? -1 : 1)));
      const rows = (await exported()).filter((r) => r.reportId === 'R-65-64');
      expect(rows.map((r) => [r.line, r.amount, r.net, r.settlementId])).toEqual(manyRows(65).map((r) => [r.line, r.amount, r.net, 'S-65-64']));
      expect((await exported()).filter((r) => r.reportId === 'R-2001-333').map((r) => r.line)).toEqual(manyRows(2001).map((r) => r.line));
    });

    it('a failure after full statements and with rows still waiting leaves the previous rows exactly as they were', async () => {
      await importRows('R-1', manyRows(70), 70);
      const before = await exported();
      await expect(store.replaceReportRows(ref, async (w) => {
        await w.addRecords(manyRows(2100, 1000));
        await w.addRecords(manyRows(5, 5000));
        throw new Error('cut off');
      })).rejects.toThrow('cut off');
      // A row the engine refuses (the same line twice) inside a full statement fails the import too.
      await expect(importRows('R-1', [...manyRows(100), ...manyRows(2100, 50)], 700)).rejects.toThrow();
      expect(await exported()).toEqual(before);
      expect(await store.settlementRowCounts()).toEqual([{ reportId: 'R-1', settlementId: 'S-1', rows: 70 }]);
      expect((await store.getImport('R-1'))?.rowCount).toBe(70);
    });

    it('reads rows by posted time: since inclusive, until exclusive, across settlements, in posted order', async () => {
      await importRows('R-1', manyRows(10), 4);
      await importRows('R-2', manyRows(10, 101), 4, { settlementId: 'S-2' });
      // A settlement without a recorded posting window is still read.
      await importRows('R-3', manyRows(3, 51), 4, { settlementId: 'S-3', firstPostedAt: null, lastPostedAt: null });
      const at = (line: number) => manyRows(1, line)[0]!.postedAt;
      const lines = async (since?: number, until?: number) => (await exported({
        ...(since === undefined ? {} : { since: at(since) }), ...(until === undefined ? {} : { until: at(until) }),
      })).map((r) => r.line);
      expect(await lines()).toEqual([...manyRows(10), ...manyRows(3, 51), ...manyRows(10, 101)].map((r) => r.line));
      expect(await lines(10, 102)).toEqual([10, 51, 52, 53, 101]);
      expect(await lines(110)).toEqual([110]);
      expect(await lines(undefined, 2)).toEqual([1]);
      expect(await lines(11, 51)).toEqual([]);
      expect(await lines(111)).toEqual([]);
    });

    it('filters settlements by period start', async () => {
      await importTwoRows('R-1');
      await importTwoRows('R-2', { settlementId: 'S-2', startAt: '2026-10-15T00:00:00Z' });
      expect((await store.listSettlements({ since: '2026-10-10T00:00:00Z' })).map((s) => s.settlementId)).toEqual(['S-2']);
      expect((await store.listSettlements({ until: '2026-10-10T00:00:00Z' })).map((s) => s.settlementId)).toEqual(['S-1']);
    });

    describe('exported rows as cells and as texts', () => {
      const all = async <T>(rows: AsyncIterable<T[]>): Promise<T[]> => {
        const out: T[] = [];
        for await (const batch of rows) out.push(...batch);
        return out;
      };
      const asCells = (r: ExportedRow): ExportedRowCells => EXPORTED_ROW_COLUMNS.map((c) => r[c]) as ExportedRowCells;
      // A string splits into one part per column; null and '' are both nothing in a text.
      const asParts = (item: string | ExportedRowCells): string[] => typeof item === 'string' ? item.split(ROW_TEXT_SEPARATOR) : item.map((c) => (c === null ? '' : String(c)));
      /** `n` rows over two reports (posted times interleaved), as one import each; rows listed in `special` get those fields. */
      const importRows = async (n: number, special: Record<number, Partial<SettlementRecord>> = {}) => {
        for (const [reportId, settlementId, parity] of [['R-1', 'S-1', 0], ['R-2', 'S-2', 1]] as const) {
          const records: SettlementRecord[] = [];
          for (let i = parity; i < n; i += 2) {
            records.push(row(i + 1, {
              settlementId, postedAt: new Date(Date.UTC(2026, 9, 1) + Math.floor(i / 3) * 60_000).toISOString().replace('.000', ''),
              description: i % 5 === 0 ? null : `row ${i}`, storeName: i % 7 === 0 ? '' : 'Shop, Inc.', ...special[i],
            }));
          }
          await store.replaceReportRows({ ...ref, reportId }, async (w) => {
            for (let i = 0; i < records.length; i += 400) await w.addRecords(records.slice(i, i + 400));
            await w.finish({ reportKind: 'settlement', filePath: `/f/${reportId}.csv`, sha256: 'ab', bytes: 10, rowCount: records.length, settlements: [totals({ settlementId, rowCount: records.length })] });
          });
        }
      };

      it('give the rows settlementRows gives, in its order and through its filters, past one batch', async () => {
        await importRows(2345);
        const rows = await all(store.settlementRows());
        expect(rows).toHaveLength(2345);
        expect(await all(store.settlementRowCells())).toEqual(rows.map(asCells));
        const texts = await all(store.settlementRowTexts());
        expect(texts.every((t) => typeof t === 'string')).toBe(true);
        expect(texts.map(asParts)).toEqual(rows.map((r) => asParts(asCells(r))));
        const filter = { since: '2026-10-01T02:00:00Z', until: '2026-10-01T05:00:00Z' };
        const some = (await all(store.settlementRows(filter))).map(asCells);
        expect(some.length).toBeGreaterThan(0);
        expect(some.length).toBeLessThan(rows.length);
        expect(await all(store.settlementRowCells(filter))).toEqual(some);
        expect((await all(store.settlementRowTexts(filter))).map(asParts)).toEqual(some.map(asParts));
      });

      it('a row whose text holds the separator comes as its cells; the others still come, each once', async () => {
        await importRows(1500, { 1200: { description: `a${ROW_TEXT_SEPARATOR}b`, storeName: null } });
        const rows = (await all(store.settlementRows())).map(asCells);
        const texts = await all(store.settlementRowTexts());
        expect(texts.map(asParts)).toEqual(rows.map(asParts));
        const odd = rows.findIndex((r) => r[12] === `a${ROW_TEXT_SEPARATOR}b`);
        expect(texts[odd]).toEqual(rows[odd]);
        for (const t of texts) if (typeof t === 'string') expect(t.split(ROW_TEXT_SEPARATOR)).toHaveLength(EXPORTED_ROW_COLUMNS.length);
      });
    });
  });

  describe('backfill requests', () => {
    const REFUND = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_';
    const jan = { reportType: REFUND, startTime: '2025-01-01T00:00:00Z', endTime: '2025-02-01T00:00:00Z' };

    it('records a created report as requested, then its end state, by range start and type', async () => {
      expect(await store.listBackfillRequests()).toEqual([]);
      await store.recordBackfillRequest({ ...jan, startTime: '20250101T000000Z', attempt: 1, reportId: 'R-jan' });
      await store.recordBackfillRequest({ reportType: REFUND, startTime: '2024-12-01', endTime: '2025-01-01', attempt: 1, reportId: 'R-dec' });
      await store.recordBackfillRequest({ ...jan, reportType: 'AUTH', attempt: 1, reportId: 'R-auth' });
      clock = new Date('2026-11-01T10:05:00Z');
      await store.setBackfillState(jan, 'imported');
      await store.setBackfillState({ ...jan, reportType: 'AUTH' }, 'failed', 'GET https://bucket.example/x?X-Amz-Signature=secret: Amazon marked it FAILED');
      const all = await store.listBackfillRequests();
      expect(all.map((r) => [r.reportType, r.startTime, r.reportId, r.state])).toEqual([
        [REFUND, '2024-12-01T00:00:00Z', 'R-dec', 'requested'],
        ['AUTH', '2025-01-01T00:00:00Z', 'R-auth', 'failed'],
        [REFUND, '2025-01-01T00:00:00Z', 'R-jan', 'imported'],
      ]);
      expect(all[2]).toEqual({ ...jan, attempt: 1, reportId: 'R-jan', state: 'imported', requestedAt: '2026-11-01T10:00:00Z', updatedAt: '2026-11-01T10:05:00Z' });
      expect(all[1]?.error).toMatch(/Amazon marked it FAILED/);
      expect(all[1]?.error).not.toContain('secret');
    });

    it('a later attempt replaces the earlier one and starts over; the same one again keeps its state; an earlier never wins', async () => {
      await store.recordBackfillRequest({ ...jan, attempt: 1, reportId: 'R-1' });
      await store.setBackfillState(jan, 'failed', 'FAILED at Amazon');
      await store.recordBackfillRequest({ ...jan, attempt: 1, reportId: 'R-1' });
      expect((await store.listBackfillRequests())[0]).toMatchObject({ attempt: 1, state: 'failed', error: 'FAILED at Amazon' });
      clock = new Date('2026-11-02T00:00:00Z');
      await store.recordBackfillRequest({ ...jan, attempt: 2, reportId: 'R-2' });
      const [second] = await store.listBackfillRequests();
      expect(second).toEqual({ ...jan, attempt: 2, reportId: 'R-2', state: 'requested', requestedAt: '2026-11-02T00:00:00Z', updatedAt: '2026-11-02T00:00:00Z' });
      await store.recordBackfillRequest({ ...jan, attempt: 1, reportId: 'R-1' });
      expect(await store.listBackfillRequests()).toEqual([second]);
    });

    it('refuses a state change for a request never recorded, a bad attempt and a range that is not a time', async () => {
      await expect(store.setBackfillState(jan, 'cancelled')).rejects.toThrow(StoreError);
      await expect(store.recordBackfillRequest({ ...jan, attempt: 0, reportId: 'R' })).rejects.toThrow(StoreError);
      await expect(store.recordBackfillRequest({ ...jan, startTime: 'last year', attempt: 1, reportId: 'R' })).rejects.toThrow(StoreError);
      expect(await store.listBackfillRequests()).toEqual([]);
    });
  });

  describe('sync lock and integrity', () => {
    it('a second lock is refused while the first is held, and free once released', async () => {
      const lock = await store.acquireSyncLock();
      await expect(store.acquireSyncLock()).rejects.toThrow(StoreError);
      await lock.release();
      await (await store.acquireSyncLock()).release();
    });

    it('checkIntegrity says ok on a healthy store, at the schema version it knows', async () => {
      const r = await store.checkIntegrity();
      expect(r.ok).toBe(true);
      expect(r.schemaVersion).toBe(r.knownSchemaVersion);
    });
  });

  describe('read-only', () => {
    it('reads what was written, refuses every write with a StoreError, and changes nothing', async () => {
      await upsert(report());
      await store.setCheckpoint('c', 'v');
      await store.close();
      store = await f.reopenReadOnly();
      expect(store.readOnly).toBe(true);
      expect((await store.getReport('R-1'))?.reportId).toBe('R-1');
      expect(await store.getCheckpoint('c')).toBe('v');
      await expect(store.setCheckpoint('c', 'changed')).rejects.toThrow(StoreError);
      await expect(store.upsertListedReports([report({ reportId: 'R-2' })])).rejects.toThrow(StoreError);
      await expect(store.recordBackfillRequest({ reportType: 'T', startTime: '2025-01-01', endTime: '2025-02-01', attempt: 1, reportId: 'R' })).rejects.toThrow(StoreError);
      expect(await store.getCheckpoint('c')).toBe('v');
    });
  });
});
}
