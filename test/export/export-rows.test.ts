import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvCell } from '../../src/export/csv-cell.js';
import { exportChunks, type ExportOptions } from '../../src/export/export-chunks.js';
import { spreadsheetSafeCsvCell } from '../../src/export/spreadsheet-safe-csv-cell.js';
import type { SettlementRecord } from '../../src/reports/parsed-record.js';
import { openStore } from '../../src/store/open-store.js';
import type { ExportedRow, Store } from '../../src/store/store.js';
import { startPostgres, type PostgresCluster } from '../helpers/postgres-cluster.js';

/**
 * The export as it was made before rows came as texts and cells: an object per row, each cell
 * through csvCell / spreadsheetSafeCsvCell, each record through JSON.stringify. Today's export must
 * give exactly these bytes.
 */
async function reference(store: Store, options: ExportOptions): Promise<{ text: string; records: number }> {
  const columns: Array<keyof ExportedRow> = [
    'settlementId', 'reportId', 'line', 'postedAt', 'postedAtRaw', 'transactionType', 'amazonTransactionId', 'sellerReferenceId',
    'amazonOrderReferenceId', 'sellerOrderId', 'storeName', 'currencyCode', 'description', 'amount', 'percentageFee', 'fixedFee', 'totalFee', 'net',
  ];
  const amounts = new Set(['amount', 'percentageFee', 'fixedFee', 'totalFee', 'net']);
  const rows: ExportedRow[] = [];
  for await (const batch of store.settlementRows({ ...(options.since && { since: options.since }), ...(options.until && { until: options.until }) })) rows.push(...batch);
  const cell = (r: ExportedRow, c: keyof ExportedRow) => (options.rawCsv ? csvCell(r[c]) : spreadsheetSafeCsvCell(r[c], amounts.has(c) ? 'amount' : 'text'));
  const text = options.format === 'csv' ? `${columns.join(',')}\r\n${rows.map((r) => `${columns.map((c) => cell(r, c)).join(',')}\r\n`).join('')}`
    : options.format === 'ndjson' ? rows.map((r) => `${JSON.stringify(r)}\n`).join('')
      : `[${rows.map((r, i) => `${i === 0 ? '\n' : ',\n'}${JSON.stringify(r)}`).join('')}${rows.length === 0 ? ']\n' : '\n]\n'}`;
  return { text, records: rows.length };
}

async function exported(store: Store, options: ExportOptions): Promise<string> {
  let out = '';
  for await (const chunk of exportChunks(store, options)) out += chunk;
  return out;
}

/** Text a CSV writer has to get right: formula starts, quotes, commas, line breaks, spaces at either end (Unicode ones too), non-ASCII, '' and null. */
const TRICKY: Array<string | null> = [
  'plain', 'Shop, Inc.', 'say "hi"', 'two\nlines', 'cr\rhere', ' lead', 'trail ', '\tTab', '\u00a0nbsp', 'ideographic\u3000', 'x\u2028y',
  '=1+2', '+49 30', '-minus', '@SUM(A1)', '\r', 'mid=dle', 'é ü 中文 😀', '', null, "it's", 'a;b', '0', '-0.30',
  // With a comma: quoted, and sometimes more.
  ',', 'a,b', ' lead, comma', 'trail, ', '=a,b', '\ta,b', '-a,b', 'a,\nb', 'say "hi", ok', '"quoted"', 'Köln, Süd',
];
const AMOUNTS = ['-1,5', '1,50', '-0.30', '12', '1250.5', '0.00', '-7', '1.', '.5', '-', '-1.', '-.5', '-1.2.3', '--1', '=1', '', ' 1.00', '1,00', '+1', '-0', '-1e3'];
const NOT_NULL = new Set(['postedAtRaw', 'transactionType', 'currencyCode', 'amount', 'percentageFee', 'fixedFee', 'totalFee', 'net']);
const TEXT_FIELDS = ['postedAtRaw', 'amazonTransactionId', 'sellerReferenceId', 'transactionType', 'amazonOrderReferenceId', 'sellerOrderId', 'storeName', 'currencyCode', 'description'] as const;
const AMOUNT_FIELDS = ['amount', 'percentageFee', 'fixedFee', 'totalFee', 'net'] as const;

/**
 * Ordinary rows (seeded), of which one in three has one tricky cell (so that the cell alone decides
 * how the row is written), one in seven two, and one in ten tricky text everywhere, over `reports` imports. Last
 * by posted time, two rows hold the row-text separator itself.
 */
async function fill(store: Store, rows: number, reports: number, seed: number): Promise<void> {
  let s = seed;
  const next = (): number => { // mulberry32
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  for (let rep = 0; rep < reports; rep++) {
    const records: SettlementRecord[] = [];
    for (let line = 1; line <= rows / reports; line++) {
      const r: SettlementRecord = {
        kind: 'settlement', line, settlementId: `S-${rep}`, postedAt: new Date(Date.UTC(2026, 9, 1) + Math.floor(next() * 30 * 86_400_000)).toISOString().replace('.000', ''),
        postedAtRaw: '2026-10-01T00:00:00 -0700', amazonTransactionId: `P01-${line}`, sellerReferenceId: null, transactionType: 'Capture',
        amazonOrderReferenceId: `P01-${line}-C`, sellerOrderId: String(line), storeName: 'Northwind Coffee', currencyCode: 'USD',
        description: null, amount: '23.27', percentageFee: '-0.61', fixedFee: '-0.30', totalFee: '-0.91', net: '22.36',
      };
      const dice = next();
      const cells = r as unknown as Record<string, string | null>;
      // The store's NOT NULL columns get '' for null.
      const tricky = (f: string): string | null => pick(TRICKY) ?? (NOT_NULL.has(f) ? '' : null);
      if (dice < 0.1) {
        for (const f of TEXT_FIELDS) cells[f] = tricky(f);
        for (const f of AMOUNT_FIELDS) cells[f] = pick(AMOUNTS);
      } else if (dice < 0.6) {
        // One tricky cell, or two (from 0.45).
        for (let k = dice < 0.45 ? 1 : 2; k > 0; k--) {
          const f = pick([...TEXT_FIELDS, ...AMOUNT_FIELDS]);
          cells[f] = (AMOUNT_FIELDS as readonly string[]).includes(f) && next() < 0.7 ? pick(AMOUNTS) : tricky(f);
        }
      }
      if (rep === reports - 1 && (line === 500 || line === 1500)) Object.assign(r, { postedAt: `2026-10-31T0${line === 500 ? 0 : 1}:00:00Z`, description: 'a\u001fb', net: '\u001f' });
      records.push(r);
    }
    await store.replaceReportRows({ reportId: `R-${rep}`, reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_' }, async (w) => {
      for (let i = 0; i < records.length; i += 500) await w.addRecords(records.slice(i, i + 500));
      await w.finish({
        reportKind: 'settlement', filePath: `/f/R-${rep}.csv`, sha256: 'ab', bytes: 1, rowCount: records.length,
        settlements: [{
          settlementId: `S-${rep}`, sellerId: 'SELLER', startRaw: null, startAt: '2026-10-01T00:00:00Z', endRaw: null, endAt: '2026-11-01T00:00:00Z',
          currency: 'USD', rowCount: records.length, captures: '0.00', refunds: '0.00', fees: '0.00', chargebacks: '0.00', adjustments: '0.00',
          reserve: '0.00', net: '0.00', payout: '0.00', transferCount: 0, firstPostedAt: '2026-10-01T00:00:00Z', lastPostedAt: '2026-11-01T00:00:00Z',
        }],
      });
    });
  }
}

const CASES: ExportOptions[] = [
  { what: 'rows', format: 'csv' },
  { what: 'rows', format: 'csv', rawCsv: true },
  { what: 'rows', format: 'json' },
  { what: 'rows', format: 'ndjson' },
  { what: 'rows', format: 'csv', since: '2026-10-10T00:00:00Z', until: '2026-10-20T00:00:00Z' },
  { what: 'rows', format: 'json', since: '2026-10-10T00:00:00Z', until: '2026-10-20T00:00:00Z' },
  { what: 'rows', format: 'csv', since: '2027-01-01T00:00:00Z' },
  { what: 'rows', format: 'json', since: '2027-01-01T00:00:00Z' },
];

describe.each(['SQLite', 'PostgreSQL'])('export rows on %s: the same bytes as an object per row', (engine) => {
  let store: Store;
  let dir: string;
  let cluster: PostgresCluster | undefined;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'apr-export-rows-'));
    if (engine === 'PostgreSQL') cluster = await startPostgres();
    store = await openStore(cluster ? cluster.url : join(dir, 'store.db'), { merchant: 'export-rows' });
    await fill(store, 6000, 3, 42);
  }, 120_000);
  afterAll(async () => {
    await store.close();
    cluster?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it.each(CASES.map((c) => [JSON.stringify(c), c] as const))('%s', async (_name, options) => {
    const stats = { records: 0 };
    const out = await exported(store, { ...options, stats });
    const expected = await reference(store, options);
    expect(out).toBe(expected.text);
    expect(stats.records).toBe(expected.records);
  });

  it('the store holds rows of every kind the cases are about', async () => {
    const csv = await exported(store, { what: 'rows', format: 'csv' });
    // Rows written as their text, rows written cell by cell, and rows whose cells hold the separator.
    expect(csv).toMatch(/\r\nS-\d,R-\d,\d+,[^\r\n"']*,Capture,P01-\d+,,P01-\d+-C,\d+,Northwind Coffee,USD,,23.27,-0.61,-0.30,-0.91,22.36\r\n/);
    expect(csv).toContain('"Shop, Inc."');
    expect(csv).toContain("'=1+2");
    expect(csv).toContain('a\u001fb');
    expect((await reference(store, { what: 'rows', format: 'csv' })).records).toBe(6000);
  });
});
