import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { settlementFile, settlementPayout, type SettlementFileSpec } from '../../src/emulator/files/settlement-file.js';
import { importReportFile } from '../../src/import/import-report-file.js';
import { REPORT_TYPES } from '../../src/report-types.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

const DAY = 86_400_000;
export const FIRST_DAY = Date.UTC(2026, 9, 1);

/** A real temp-dir SQLite store plus helpers to put generated settlement history into it. */
export interface History {
  dir: string;
  store: Store;
  spec(day: number): SettlementFileSpec;
  /** Writes day N's settlement file, optionally edited line by line, and imports it as report `reportId`. */
  importDay(day: number, options?: { reportId?: string; edit?: (lines: string[]) => string[] }): Promise<void>;
  /** Records the disbursement Amazon would list for day N (its payout), optionally with another amount. */
  disburse(day: number, amount?: string): Promise<void>;
  close(): Promise<void>;
}

/** A fresh store in a temp dir; call `close()` when done. */
export async function createHistory(): Promise<History> {
  const dir = mkdtempSync(join(tmpdir(), 'apr-reconcile-'));
  const store = await openStore(join(dir, 'store.db'));
  const spec = (day: number): SettlementFileSpec => ({
    seed: 7, sellerId: 'A3EXAMPLE7SELLR', settlementId: String(5_000_000_000 + day),
    start: new Date(FIRST_DAY + day * DAY), end: new Date(FIRST_DAY + (day + 1) * DAY), rows: 6,
  });
  return {
    dir,
    store,
    spec,
    async importDay(day, options = {}) {
      let text = [...settlementFile(spec(day))].join('');
      if (options.edit) text = options.edit(text.split('\n')).join('\n');
      const reportId = options.reportId ?? `R${day}`;
      const file = join(dir, `${reportId}.csv`);
      writeFileSync(file, text);
      await importReportFile(store, { reportId, reportType: REPORT_TYPES.settlement }, file);
    },
    async disburse(day, amount) {
      await store.upsertDisbursements([{
        sellerId: 'A3EXAMPLE7SELLR', settlementId: spec(day).settlementId, amazonDisbursementReferenceId: `DISB${day}REF`,
        amount: amount ?? settlementPayout(spec(day)), currencyCode: 'USD', transactionTime: new Date(FIRST_DAY + (day + 1) * DAY + 3_600_000).toISOString(),
      }]);
    },
    async close() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Index of the first data line (after the 6 preamble/header lines) of the given TransactionType. */
export function lineOfType(lines: string[], type: string): number {
  const i = lines.findIndex((l, k) => k >= 6 && l.includes(`"${type}"`));
  if (i < 0) throw new Error(`no ${type} row in the generated file`);
  return i;
}
