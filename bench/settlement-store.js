// A SQLite store of generated settlements, imported the way a sync imports them: for the
// benchmarks that read a big store (bench:dashboard, bench:cli).
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const DAY = 86_400_000;

/**
 * `settlements` settlement files of `rows` rows each, one every `days` days from `first`, imported
 * into `db` (a new SQLite file); with `disburse`, a disbursement for each payout. Returns the ids.
 */
export async function buildSettlementStore({ db, dir, settlements, rows, days = 1, first = Date.UTC(2024, 0, 1), disburse = false, firstId = 6_000_000_000 }) {
  const { settlementFile, settlementPayout } = await import('../dist/emulator/files/settlement-file.js');
  const { importReportFile } = await import('../dist/import/import-report-file.js');
  const { openStore } = await import('../dist/store/open-store.js');
  const store = await openStore(db);
  const ids = [];
  const disbursements = [];
  const file = join(dir, 'settlement.csv');
  try {
    for (let i = 0; i < settlements; i++) {
      const start = first + i * days * DAY;
      const spec = { seed: 11, sellerId: 'A3BENCHSELLER', settlementId: String(firstId + i), start: new Date(start), end: new Date(start + days * DAY), rows };
      await writeFile(file, [...settlementFile(spec)].join(''));
      await importReportFile(store, { reportId: `R${i}`, reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_' }, file);
      ids.push(spec.settlementId);
      if (disburse) {
        disbursements.push({
          sellerId: spec.sellerId, settlementId: spec.settlementId, amazonDisbursementReferenceId: `BENCH${i}`, amount: settlementPayout(spec),
          currencyCode: 'USD', transactionTime: new Date(start + days * DAY + 3_600_000).toISOString(),
        });
      }
    }
    if (disbursements.length > 0) await store.upsertDisbursements(disbursements);
  } finally {
    await store.close();
    await rm(file, { force: true });
  }
  return ids;
}
