import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { reconcile } from '../../src/reconcile/reconcile.js';
import { settlementSummaries } from '../../src/reconcile/settlement-summaries.js';
import { settlementTotals } from '../../src/reconcile/settlement-totals.js';
import { settlementPayout } from '../../src/emulator/files/settlement-file.js';
import { formatMinor, parseMoney } from '../../src/reports/money.js';
import { createHistory, lineOfType, type History } from './history.fixture.js';

let h: History;
beforeEach(async () => {
  h = await createHistory();
});
afterEach(() => h.close());

/** Days 0..n-1 imported and disbursed as Amazon would. */
async function cleanHistory(days: number): Promise<void> {
  for (let d = 0; d < days; d++) {
    await h.importDay(d);
    await h.disburse(d);
  }
}

const codes = async () => (await reconcile(h.store)).issues.map((i) => [i.code, i.severity, i.settlementId]);

describe('reconcile', () => {
  it('a clean history ties out', async () => {
    await cleanHistory(4);
    const report = (await reconcile(h.store));
    expect(report).toEqual({ ok: true, settlementsChecked: 4, issues: [] });
    const summaries = (await settlementSummaries(h.store));
    expect(summaries).toHaveLength(4);
    for (const s of summaries) {
      expect(s.status).toBe('ok');
      expect(s.payout).toBe(s.net);
      expect(s.disbursedAmount).toBe(s.payout);
      expect(s.amazonDisbursementReferenceId).toMatch(/^DISB\dREF$/);
    }
    const expected = [0, 1, 2, 3].reduce((sum, d) => sum + parseMoney(settlementPayout(h.spec(d)), 'USD'), 0n);
    expect(settlementTotals(summaries)).toEqual([expect.objectContaining({ settlementId: 'TOTAL', currency: 'USD', payout: formatMinor(expected, 'USD'), net: formatMinor(expected, 'USD') })]);
  });

  it('a missing row unbalances its settlement', async () => {
    await cleanHistory(2);
    await h.importDay(2, { edit: (lines) => lines.filter((_, i) => i !== lineOfType(lines, 'Capture')) });
    await h.disburse(2);
    const report = (await reconcile(h.store));
    expect(report.ok).toBe(false);
    expect(await codes()).toEqual([['unbalanced', 'error', h.spec(2).settlementId]]);
    expect(report.issues[0]?.message).toMatch(/rows net to -?\d+\.\d{2} USD but the Transfer pays out \d+\.\d{2} USD \(difference -\d+\.\d{2} USD\)/);
    expect((await settlementSummaries(h.store)).map((s) => s.status)).toEqual(['ok', 'ok', 'unbalanced']);
  });

  it('a wrong fee is a row-identity error with its line', async () => {
    let line = 0;
    await h.importDay(0, {
      edit: (lines) => {
        const i = lineOfType(lines, 'Capture');
        line = i + 1;
        const cells = (lines[i] as string).split('","');
        cells[13] = '-99.99'; // TotalTransactionFee no longer equals percentage + fixed, nor Net − Amount
        lines[i] = cells.join('","');
        return lines;
      },
    });
    await h.disburse(0);
    const issues = (await reconcile(h.store)).issues;
    expect(issues.map((i) => [i.code, i.line])).toEqual([['row-identity', line], ['row-identity', line]]);
    expect(issues[0]?.message).toContain(`line ${line}): TotalTransactionFee -99.99 ≠ TransactionPercentageFee`);
  });

  it('a gap between consecutive periods is reported (and the orphan disbursement is a warning)', async () => {
    await cleanHistory(2);
    await h.disburse(2);
    await h.importDay(3);
    await h.disburse(3);
    const report = (await reconcile(h.store));
    expect(report.ok).toBe(false);
    expect(await codes()).toEqual([
      ['gap', 'error', h.spec(3).settlementId],
      ['missing-settlement', 'warning', h.spec(2).settlementId],
    ]);
    expect(report.issues[0]?.message).toMatch(/gap of 24\.0 h between settlement 5000000001 .* and 5000000003/);
  });

  it('an overlap between periods is reported', async () => {
    await cleanHistory(1);
    // Day 1's file claims to start 2 h before day 0 ends.
    await h.importDay(1, { edit: (lines) => lines.map((l, i) => (i === 3 ? l.replace(/T\d\d:00:00/, (m) => m.replace(/T\d\d/, (t) => `T${String(Number(t.slice(1)) - 2).padStart(2, '0')}`)) : l)) });
    await h.disburse(1);
    expect(await codes()).toEqual([['overlap', 'error', h.spec(1).settlementId]]);
  });

  it('a duplicate settlement is a warning when identical, an error when the copies differ; totals counted once', async () => {
    await cleanHistory(1);
    await h.importDay(0, { reportId: 'R0-copy' });
    expect(await codes()).toEqual([['duplicate-settlement', 'warning', h.spec(0).settlementId]]);
    await h.importDay(0, { reportId: 'R0-reissued', edit: (lines) => lines.filter((_, i) => i !== lineOfType(lines, 'Capture')) });
    const issues = (await reconcile(h.store)).issues;
    expect(issues.map((i) => i.code)).toContain('duplicate-settlement');
    expect(issues.find((i) => i.code === 'duplicate-settlement')?.severity).toBe('error');
    expect((await settlementSummaries(h.store))).toHaveLength(1);
  });

  it('a payout that differs from its disbursement names the amazonDisbursementReferenceId', async () => {
    await cleanHistory(1);
    await h.importDay(1);
    await h.disburse(1, '1.00');
    const report = (await reconcile(h.store));
    expect(await codes()).toEqual([['payout-mismatch', 'error', h.spec(1).settlementId]]);
    expect(report.issues[0]?.message).toMatch(/but disbursement DISB1REF is 1\.00 USD/);
    expect(report.issues[0]?.details?.amazonDisbursementReferenceId).toBe('DISB1REF');
  });

  it('a disbursement amount that is not a number is reported, not a crash', async () => {
    await cleanHistory(1);
    await h.importDay(1);
    await h.disburse(1, '12.3.4');
    const issues = (await reconcile(h.store)).issues;
    expect(issues.map((i) => i.code)).toEqual(['payout-mismatch']);
    expect(issues[0]?.message).toMatch(/disbursement DISB1REF has an unreadable amount "12\.3\.4"/);
  });

  it('a settlement with no disbursement is reported; --settlement limits the check', async () => {
    await cleanHistory(1);
    await h.importDay(1);
    expect(await codes()).toEqual([['no-disbursement', 'error', h.spec(1).settlementId]]);
    expect(await reconcile(h.store, { settlementId: h.spec(0).settlementId })).toEqual({ ok: true, settlementsChecked: 1, issues: [] });
  });

  it('a settlement file whose every row is broken is reported, not silently dropped from the check', async () => {
    await cleanHistory(2);
    // Each data row loses its CurrencyCode: the import stores each as a bad-row warning and no settlement row.
    await h.importDay(2, { edit: (lines) => lines.map((l, i) => (i >= 6 ? l.replace('"USD"', '""') : l)) });
    await h.disburse(2);
    const report = (await reconcile(h.store));
    expect(report.ok).toBe(false);
    const broken = report.issues.filter((i) => i.reportId === 'R2' && i.code === 'bad-row');
    expect(broken.length).toBeGreaterThan(0);
    expect(broken.every((i) => i.severity === 'error' && typeof i.line === 'number')).toBe(true);
    expect(broken[0]?.message).toMatch(/report R2 .*line 7\): .*R2\.csv:7:9: CurrencyCode is empty/);
  });

  it('a settlement whose rows mix currencies does not tie out (its totals add up different currencies)', async () => {
    await cleanHistory(1);
    await h.importDay(1, {
      edit: (lines) => {
        const i = lineOfType(lines, 'Capture');
        lines[i] = (lines[i] as string).replace('"USD"', '"EUR"');
        return lines;
      },
    });
    await h.disburse(1);
    const report = (await reconcile(h.store));
    expect(report.ok).toBe(false);
    expect(await codes()).toEqual([['currency-mixed', 'error', h.spec(1).settlementId]]);
  });

  it('a settlement file that was downloaded but never imported is reported', async () => {
    await cleanHistory(1);
    await h.store.upsertListedReports([{ reportId: 'R9', reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', processingStatus: 'COMPLETED', createdTime: '2026-10-03T00:00:00Z' }]);
    await h.store.recordDownload('R9', { path: '/reports/R9.csv', bytes: 10, sha256: 'ab'.repeat(32) });
    const report = (await reconcile(h.store));
    expect(report.ok).toBe(false);
    expect(report.issues.map((i) => [i.code, i.reportId])).toEqual([['not-imported', 'R9']]);
    expect(report.issues[0]?.message).toMatch(/downloaded \(\/reports\/R9\.csv\) but never imported/);
  });

  it('a file period that differs from the report listing is a warning', async () => {
    await cleanHistory(1);
    await h.store.upsertListedReports([{
      reportId: 'R0', reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', processingStatus: 'COMPLETED',
      createdTime: '2026-10-02T01:00:00Z', startTime: '2026-10-01T00:00:00Z', endTime: '2026-10-02T06:00:00Z',
    }]);
    const report = (await reconcile(h.store));
    expect(report.ok).toBe(true);
    expect(report.issues.map((i) => [i.code, i.severity])).toEqual([['period-mismatch', 'warning']]);
    expect(report.issues[0]?.message).toMatch(/period end 2026-10-02T00:00:00Z differs from the report listing's 2026-10-02T06:00:00Z/);
  });

  it('a settlement whose stored rows went missing (a damaged or truncated part of the store) is incomplete, never tied out', async () => {
    await cleanHistory(3);
    expect((await reconcile(h.store)).ok).toBe(true);
    // Another connection loses two rows of day 1's settlement, as a damaged page would.
    const raw = new Database(join(h.dir, 'store.db'));
    raw.prepare('DELETE FROM settlement_rows WHERE report_id = ? AND line IN (SELECT line FROM settlement_rows WHERE report_id = ? ORDER BY line LIMIT 2)').run('R1', 'R1');
    raw.close();
    const report = await reconcile(h.store);
    expect(report.ok).toBe(false);
    const incomplete = report.issues.filter((i) => i.code === 'incomplete');
    expect(incomplete.map((i) => [i.settlementId, i.severity])).toEqual([[h.spec(1).settlementId, 'error']]);
    expect(incomplete[0]?.message).toMatch(/holds 6 of its 8 rows, so it cannot be said to tie out/);
    expect((await settlementSummaries(h.store)).find((x) => x.settlementId === h.spec(1).settlementId)?.status).toContain('incomplete');
  });

  it('a settlement that ended moments ago without its disbursement is pending (a warning), an error only after the grace period', async () => {
    await cleanHistory(1);
    await h.importDay(1); // no disbursement for day 1 yet
    const end = Date.parse(h.spec(1).end.toISOString());
    const soon = await reconcile(h.store, { now: () => new Date(end + 3_600_000) });
    expect(soon.ok).toBe(true);
    expect(soon.issues.map((i) => [i.code, i.severity, i.settlementId])).toEqual([['payout-pending', 'warning', h.spec(1).settlementId]]);
    expect(soon.issues[0]?.message).toMatch(/has not listed its disbursement yet .* sync again later/);
    const later = await reconcile(h.store, { now: () => new Date(end + 4 * 86_400_000) });
    expect(later.issues.map((i) => [i.code, i.severity])).toEqual([['no-disbursement', 'error']]);
  });
});
