import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { settlementFile } from '../../src/emulator/files/settlement-file.js';
import { importReportFile as importHere, type ImportOptions, type ImportResult } from '../../src/import/import-report-file.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';
import type { ReportRef } from '../../src/store/stored-report.js';
import { REPORT_TYPES } from '../../src/report-types.js';

// The parse worker is a compiled module (worker threads cannot load the TypeScript sources), so
// this suite imports through the built package, as users do, and compares every outcome with
// the same import parsed in this thread from the sources.
const BUILT = new URL('../../dist/import/import-report-file.js', import.meta.url);
type ImportFn = (store: Store, report: ReportRef, file: string, options?: ImportOptions) => Promise<ImportResult>;
let importInWorker: ImportFn;
beforeAll(async () => {
  if (!existsSync(fileURLToPath(BUILT))) throw new Error('the parse worker runs from the built package: run `npm run build` first (npm test does)');
  ({ importReportFile: importInWorker } = (await import(BUILT.href)) as { importReportFile: ImportFn });
});

const fixture = (name: string) => fileURLToPath(new URL(`../reports/fixtures/${name}`, import.meta.url));
const SETTLEMENT = REPORT_TYPES.settlement;

let dir: string;
let here: Store;
let worker: Store;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'apr-import-worker-'));
  here = await openStore(join(dir, 'here.db'));
  worker = await openStore(join(dir, 'worker.db'));
});
afterEach(async () => {
  await here.close();
  await worker.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every table an import writes, read from the file itself, without the columns that differ by when it ran. */
function dump(name: string) {
  const db = new Database(join(dir, name), { readonly: true });
  try {
    return {
      rows: db.prepare('SELECT * FROM settlement_rows ORDER BY report_id, line').all(),
      settlements: db.prepare('SELECT * FROM settlements ORDER BY settlement_id, report_id').all(),
      tx: db.prepare('SELECT * FROM transaction_rows ORDER BY report_id, line').all(),
      warnings: db.prepare('SELECT * FROM report_warnings ORDER BY report_id, line, code, message').all(),
      imports: db.prepare('SELECT report_id, report_kind, sha256, bytes, row_count, warning_count FROM report_imports ORDER BY report_id').all(),
    };
  } finally {
    db.close();
  }
}

/** Imports the file both ways, into the two stores; both must succeed or fail alike. */
async function both(report: ReportRef, file: string, options: ImportOptions = {}) {
  const a = await importHere(here, report, file, { ...options, parseInWorker: false }).catch((e: unknown) => e);
  const b = await importInWorker(worker, report, file, { ...options, parseInWorker: true }).catch((e: unknown) => e);
  return { here: a, worker: b };
}

function write(name: string, text: string | Buffer): string {
  const file = join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe('importReportFile with the parse worker', () => {
  it('stores exactly what an import in this thread stores, for every kind of file', async () => {
    const big = [...settlementFile({ seed: 9, sellerId: 'A3EXAMPLE7SELLR', settlementId: '1122334455', start: new Date('2026-10-01T00:00:00Z'), end: new Date('2026-10-03T00:00:00Z'), rows: 3000 })].join('');
    const basic = readFileSync(fixture('settlement-basic.csv'), 'utf8').split('\n');
    // A column beyond the documented 15: carried in `extra`.
    const extra = basic.map((l, i) => (i === 5 ? l.replace(/,\s*$/, ',"MarketplaceName",') : i > 5 && l.trim() !== '' ? `${l.replace(/\r$/, '')},"amazon.com"` : l)).join('\n');
    const cases: Array<[string, string, string]> = [
      ['BIG', SETTLEMENT, write('big.csv', big)],
      ['GZ', SETTLEMENT, write('big.csv.gz', gzipSync(big))],
      ['EXTRA', SETTLEMENT, write('extra.csv', extra)],
      ['CHECKS', SETTLEMENT, fixture('settlement-checks.csv')],
      ['QUIRKS', SETTLEMENT, fixture('settlement-quirks.csv')],
      ['BADROW', SETTLEMENT, fixture('settlement-wrong-cell-count.csv')],
      ['EMPTY', SETTLEMENT, fixture('settlement-header-only.csv')],
      ['REFUND', REPORT_TYPES.refund, fixture('refund.csv')],
      ['CAPTURE', REPORT_TYPES.capture, fixture('capture.csv')],
      ['OTHER', REPORT_TYPES['order-reference'], fixture('order-reference.csv')],
    ];
    for (const [reportId, reportType, file] of cases) {
      const r = await both({ reportId, reportType }, file);
      expect(r.worker, reportId).toEqual(r.here);
    }
    const stored = dump('worker.db');
    expect(stored).toEqual(dump('here.db'));
    expect(stored.rows.filter((r) => (r as { report_id: string }).report_id === 'BIG')).toHaveLength(3002);
    expect(stored.rows.find((r) => (r as { report_id: string }).report_id === 'EXTRA')).toMatchObject({ extra: '{"MarketplaceName":"amazon.com"}' });
  });

  it('fails as an import in this thread fails, with the same error, and keeps the previous rows', async () => {
    const lines = [...settlementFile({ seed: 5, sellerId: 'A3EXAMPLE7SELLR', settlementId: '1357924680', start: new Date('2026-10-01T00:00:00Z'), end: new Date('2026-10-02T00:00:00Z'), rows: 1200 })].join('').split(/(?<=\n)/);
    const file = write('r1.csv', lines.join(''));
    await both({ reportId: 'R1', reportType: SETTLEMENT }, file);
    const before = dump('worker.db');
    // Re-issued with a broken amount in row 1000, several reads into the file.
    lines[6 + 999] = (lines[6 + 999] ?? '').replace(/"USD","([^"]*)","[^"]*"/, '"USD","$1","12,50"');
    writeFileSync(file, lines.join(''));
    const failures: Array<[string, string, ImportOptions, string]> = [
      ['bad amount mid-file', file, { onBadRow: 'error' }, 'ReportParseError'],
      ['cut inside a quote', fixture('settlement-truncated-in-quote.csv'), {}, 'ReportParseError'],
      ['not a report', write('error.json', '{"reasonCode":"InternalServerError"}'), {}, 'ReportParseError'],
      ['missing', join(dir, 'nope.csv'), {}, 'Error'],
    ];
    for (const [what, path, options, name] of failures) {
      const r = await both({ reportId: 'R1', reportType: SETTLEMENT }, path, options);
      const [a, b] = [r.here as Error & { code?: string; line?: number }, r.worker as Error & { code?: string; line?: number }];
      expect(a.name, what).toBe(name);
      expect({ name: b.name, message: b.message, code: b.code, line: b.line }, what).toEqual({ name: a.name, message: a.message, code: a.code, line: a.line });
    }
    expect(dump('worker.db')).toEqual(before);
  });

  it('stops the worker when the store refuses the import', async () => {
    const file = write('basic.csv', readFileSync(fixture('settlement-basic.csv')));
    await worker.close();
    worker = await openStore(join(dir, 'worker.db'), { readOnly: true });
    await expect(importInWorker(worker, { reportId: 'R1', reportType: SETTLEMENT }, file, { parseInWorker: true })).rejects.toThrow(/read-only|readonly/i);
  });
});
