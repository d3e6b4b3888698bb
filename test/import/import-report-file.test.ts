import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { importReportFile } from '../../src/import/import-report-file.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import { REPORT_TYPES } from '../../src/report-types.js';
import { ReportParseError, StoreError } from '../../src/errors.js';
import { ROWS_PER_INSERT } from '../../src/store/sqlite/settlement-row-inserter.js';
import { settlementFile, settlementPayout, settlementRows } from '../../src/emulator/files/settlement-file.js';

const fixture = (name: string) => fileURLToPath(new URL(`../reports/fixtures/${name}`, import.meta.url));
const SETTLEMENT = REPORT_TYPES.settlement;

let dir: string;
let store: Store;
/** A second, read-only connection to the same file: what the import committed, as the tables hold it. */
let db: Database.Database;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'apr-import-'));
  store = await openStore(join(dir, 'store.db'));
  db = new Database(join(dir, 'store.db'), { readonly: true });
});
afterEach(async () => {
  db.close();
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every table import owns, in a stable order, for before/after comparisons. */
function dump() {
  return {
    rows: db.prepare('SELECT * FROM settlement_rows ORDER BY report_id, line').all(),
    settlements: db.prepare('SELECT * FROM settlements ORDER BY settlement_id, report_id').all(),
    tx: db.prepare('SELECT * FROM transaction_rows ORDER BY report_id, line').all(),
    warnings: db.prepare('SELECT * FROM report_warnings ORDER BY report_id, line, code').all(),
    imports: db.prepare('SELECT report_id, sha256, row_count, warning_count, seq FROM report_imports ORDER BY report_id').all(),
  };
}

describe('importReportFile', () => {
  it('stores settlement rows and per-settlement totals as exact decimal strings', async () => {
    const result = await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, fixture('settlement-basic.csv'));
    expect(result).toMatchObject({ reportId: 'R1', kind: 'settlement', rows: 5, warnings: 0, settlementIds: ['2468135791'], skipped: false });
    expect(db.prepare('SELECT line, transaction_type, amount, percentage_fee, net, posted_at, posted_at_raw FROM settlement_rows WHERE line = 8').get()).toEqual({
      line: 8, transaction_type: 'Capture', amount: '49.99', percentage_fee: '-1.45', net: '48.24', posted_at: '2024-03-04T17:41:27Z', posted_at_raw: '2024-03-04T09:41:27 -0800',
    });
    expect(db.prepare('SELECT * FROM settlements').get()).toEqual({
      settlement_id: '2468135791', report_id: 'R1', report_type: SETTLEMENT, seller_id: 'A3EXAMPLE7SELLR',
      start_raw: '2024-03-04T00:00:12 -0800', start_at: '2024-03-04T08:00:12Z', end_raw: '2024-03-05T00:00:09 -0800', end_at: '2024-03-05T08:00:09Z',
      currency: 'USD', row_count: 5, captures: '169.99', refunds: '-20.00', fees: '-4.95', chargebacks: '0.00', adjustments: '0.00',
      reserve: '150.00', net: '295.04', payout: '295.04', transfer_count: 1,
      first_posted_at: '2024-03-04T08:05:12Z', last_posted_at: '2024-03-05T07:58:40Z', active: 1,
    });
  });

  it('imports a multi-chunk generated file row for row, with the generator\'s payout', async () => {
    const spec = { seed: 3, sellerId: 'A3EXAMPLE7SELLR', settlementId: '1234567890', start: new Date('2026-10-01T00:00:00Z'), end: new Date('2026-10-02T00:00:00Z'), rows: 1500 };
    const file = join(dir, 'big.csv');
    writeFileSync(file, [...settlementFile(spec)].join(''));
    const result = await importReportFile(store, { reportId: 'BIG', reportType: SETTLEMENT }, file);
    expect(result).toMatchObject({ rows: 1502, warnings: 0 });
    const stored = db.prepare('SELECT line, amazon_transaction_id AS id, transaction_type AS type, net FROM settlement_rows ORDER BY line').all();
    expect(stored).toEqual([...settlementRows(spec)].map((r, i) => ({
      line: 7 + i, id: r.AmazonTransactionId || null, type: r.TransactionType, net: r.NetTransactionAmount,
    })));
    expect(db.prepare('SELECT payout, net FROM settlements').get()).toEqual({ payout: settlementPayout(spec), net: settlementPayout(spec) });
  });

  it('re-importing the same report changes nothing', async () => {
    await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, fixture('settlement-basic.csv'));
    const before = dump();
    const again = await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, fixture('settlement-crlf.csv').replace('crlf', 'basic'));
    expect(again).toMatchObject({ skipped: true, rows: 5, settlementIds: ['2468135791'] });
    expect(dump()).toEqual(before);
  });

  it('the same reportId with new content replaces its rows', async () => {
    const file = join(dir, 'r1.csv');
    copyFileSync(fixture('settlement-basic.csv'), file);
    await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, file);
    copyFileSync(fixture('settlement-checks.csv'), file);
    const result = await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, file);
    expect(result).toMatchObject({ skipped: false, rows: 4, warnings: 4 });
    const d = dump();
    expect(d.rows).toHaveLength(4);
    expect(d.settlements.map((s) => (s as { settlement_id: string }).settlement_id)).toEqual(['2468135791', '9999999999']);
    expect(d.warnings.map((w) => (w as { code: string }).code)).toEqual(['fee-sum', 'net-sum', 'outside-period', 'settlement-id-mixed']);
  });

  it('a SettlementId re-issued in another report is kept once as active, never double-counted', async () => {
    await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, fixture('settlement-basic.csv'));
    await importReportFile(store, { reportId: 'R2', reportType: SETTLEMENT }, fixture('settlement-crlf.csv'));
    const active = () => db.prepare('SELECT report_id, active FROM settlements ORDER BY report_id').all();
    // Without listing metadata the last import wins.
    expect(active()).toEqual([{ report_id: 'R1', active: 0 }, { report_id: 'R2', active: 1 }]);
    // With listing metadata, the report Amazon created last wins, whatever the import order.
    await store.upsertListedReports([
      { reportId: 'R1', reportType: SETTLEMENT, processingStatus: 'COMPLETED', createdTime: '2024-03-06T00:00:00Z' },
      { reportId: 'R2', reportType: SETTLEMENT, processingStatus: 'COMPLETED', createdTime: '2024-03-05T00:00:00Z' },
    ]);
    await importReportFile(store, { reportId: 'R3', reportType: SETTLEMENT }, fixture('settlement-mixed-endings.csv'));
    expect(active()).toEqual([{ report_id: 'R1', active: 1 }, { report_id: 'R2', active: 0 }, { report_id: 'R3', active: 0 }]);
  });

  it('a failed import leaves the previous rows intact', async () => {
    const file = join(dir, 'r1.csv');
    copyFileSync(fixture('settlement-basic.csv'), file);
    await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, file);
    const before = dump();
    // Valid rows first, then a cut inside a quote: the failure comes after rows were inserted.
    copyFileSync(fixture('settlement-truncated-in-quote.csv'), file);
    await expect(importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, file)).rejects.toBeInstanceOf(ReportParseError);
    expect(dump()).toEqual(before);
    writeFileSync(file, '{"reasonCode":"InternalServerError"}');
    await expect(importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, file)).rejects.toThrow(/this is JSON/);
    expect(dump()).toEqual(before);
  });

  it('a broken row becomes a stored bad-row warning by default, or fails the import on request', async () => {
    const result = await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, fixture('settlement-wrong-cell-count.csv'));
    expect(result).toMatchObject({ rows: 5, warnings: 1 });
    expect(db.prepare('SELECT line, code FROM report_warnings').all()).toEqual([{ line: 9, code: 'bad-row' }]);
    await expect(
      importReportFile(store, { reportId: 'R2', reportType: SETTLEMENT }, fixture('settlement-wrong-cell-count.csv'), { onBadRow: 'error' }),
    ).rejects.toThrow(/:9:15: row has 14 cells/);
  });

  it('stores transaction and undocumented reports as typed JSON records', async () => {
    const refund = await importReportFile(store, { reportId: 'F1', reportType: REPORT_TYPES.refund }, fixture('refund.csv'));
    expect(refund).toMatchObject({ kind: 'refund', rows: 4, settlementIds: [] });
    const row = db.prepare("SELECT * FROM transaction_rows WHERE report_id = 'F1' AND line = 4").get() as { record: string; report_kind: string };
    expect(row.report_kind).toBe('refund');
    expect(JSON.parse(row.record)).toMatchObject({ amazonRefundId: 'P01-9988776-6655443-R019876', amount: '12.50', refundStatus: 'Declined' });
    const other = await importReportFile(store, { reportId: 'O1', reportType: REPORT_TYPES['order-reference'] }, fixture('order-reference.csv'));
    expect(other).toMatchObject({ kind: 'generic', rows: 2 });
  });

  describe('statement boundaries and failures mid-import', () => {
    const spec = { seed: 5, sellerId: 'A3EXAMPLE7SELLR', settlementId: '1357924680', start: new Date('2026-10-01T00:00:00Z'), end: new Date('2026-10-02T00:00:00Z'), rows: 1200 };
    const lines = [...settlementFile(spec)].join('').split(/(?<=\n)/);
    const generated = [...settlementRows(spec)];
    /** The generated file cut to its first `n` data rows (BOM + preamble + header are 6 lines). */
    const fileOf = (n: number, name = `cut-${n}.csv`): string => {
      const file = join(dir, name);
      writeFileSync(file, lines.slice(0, 6 + n).join(''));
      return file;
    };
    const stored = () => db.prepare('SELECT line, amazon_transaction_id AS id, amount, net FROM settlement_rows ORDER BY line').all();
    const expected = (n: number) => generated.slice(0, n).map((r, i) => ({ line: 7 + i, id: r.AmazonTransactionId || null, amount: r.TransactionAmount, net: r.NetTransactionAmount }));

    it.each([1, ROWS_PER_INSERT - 1, ROWS_PER_INSERT, ROWS_PER_INSERT + 1, 2 * ROWS_PER_INSERT + 1])('a report of %i rows is stored row for row', async (n) => {
      const result = await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, fileOf(n));
      expect(result).toMatchObject({ rows: n, skipped: false });
      expect(stored()).toEqual(expected(n));
      expect(db.prepare('SELECT row_count FROM settlements').pluck().get()).toBe(n);
    });

    it('records the sha256 of the bytes it parsed, so the same file is skipped next time', async () => {
      const file = fileOf(ROWS_PER_INSERT + 1);
      const result = await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, file);
      expect(result.sha256).toBe(createHash('sha256').update(readFileSync(file)).digest('hex'));
      expect(result.bytes).toBe(readFileSync(file).length);
      expect(await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, file)).toMatchObject({ skipped: true, sha256: result.sha256 });
    });

    it('a re-import that fails after full statements, with rows still waiting, leaves the previous rows exactly as they were', async () => {
      const file = fileOf(2 * ROWS_PER_INSERT + 10, 'r1.csv');
      await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, file);
      const before = dump();
      // The report re-issued, 1100 rows (~200 KB, several 64 KiB reads) with a broken amount in row
      // 1000: the rows before it were handed to the store (full statements and a partial one) when it fails.
      const broken = lines.slice(0, 6 + 1100);
      broken[6 + 999] = (broken[6 + 999] ?? '').replace(/"USD","([^"]*)","[^"]*"/, '"USD","$1","12,50"');
      writeFileSync(file, broken.join(''));
      expect(Buffer.byteLength(broken.slice(0, 6 + 999).join(''))).toBeGreaterThan(2 * 64 * 1024);
      await expect(importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, file, { onBadRow: 'error' })).rejects.toThrow(/:1006:\d+: .*decimal comma/);
      expect(dump()).toEqual(before);
    });

    it('a missing file fails as itself, before the store is touched', async () => {
      const missing = join(dir, 'nope.csv');
      const error: unknown = await importReportFile(store, { reportId: 'R1', reportType: SETTLEMENT }, missing).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'ENOENT' });
      expect(error).not.toBeInstanceOf(StoreError);
      expect(dump().imports).toEqual([]);
    });
  });
});
