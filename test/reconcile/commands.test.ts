import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, runCli } from '../cli/run-cli.js';
import { createHistory, lineOfType, type History } from './history.fixture.js';

let h: History;
let db: string;
beforeEach(async () => {
  h = await createHistory();
  db = h.store.location;
  for (let d = 0; d < 3; d++) {
    await h.importDay(d);
    await h.disburse(d);
  }
});
afterEach(() => h.close());

describe('settlements', () => {
  it('prints a table for a person: period, gross sales, refunds, fees, net, payout date and bank reference', async () => {
    await h.importDay(3); // not paid out yet: no disbursement
    const table = await runCli(['settlements', '--db', db]);
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    expect(lines[0]).toMatch(/^SETTLEMENT +PERIOD \(UTC\) +CUR +GROSS SALES +REFUNDS +FEES +NET +PAYOUT DATE +BANK REFERENCE$/);
    const [s0] = json<Array<Record<string, string>>>(await runCli(['settlements', '--db', db, '--json']));
    // The payout date is the stored disbursement's (sent an hour after the period ends, in the fixture).
    const amounts = [s0?.['captures'], s0?.['refunds'], s0?.['fees'], s0?.['net']].map((a) => (a ?? 'missing').replace('.', '\\.')).join(' +');
    expect(lines[1]).toMatch(new RegExp(`^5000000000  2026-10-01 – 2026-10-02  USD +${amounts}  2026-10-02   DISB0REF$`));
    expect(lines[4]).toMatch(/^5000000003 +2026-10-04 – 2026-10-05 +USD +[-\d. ]+\d$/); // no payout yet
    expect(lines[5]).toMatch(/^TOTAL +USD +\d+\.\d{2} /);
    // Money is right-aligned: every amount ends where its header ends.
    for (const header of ['GROSS SALES', 'REFUNDS', 'FEES', 'NET']) {
      const end = (lines[0] ?? '').indexOf(header) + header.length;
      for (const line of lines.slice(1)) expect(line.slice(0, end)).toMatch(/\d\.\d{2}$/);
    }
  });

  it('--all-columns shows every figure; --json has them all plus payoutTime, amounts as decimal strings', async () => {
    const all = (await runCli(['settlements', '--db', db, '--all-columns'])).stdout.split('\n');
    expect(all[0]).toMatch(/^SETTLEMENT +START \(UTC\) +END \(UTC\) +CUR +ROWS +CAPTURES +REFUNDS +FEES +CHARGEBACKS +ADJUSTMENTS +RESERVE +NET +PAYOUT +DISBURSED +PAYOUT TIME \(UTC\) +DISBURSEMENT +STATUS$/);
    expect(all[1]).toMatch(/^5000000000 +2026-10-01T00:00:00Z +2026-10-02T00:00:00Z +USD .* 2026-10-02T01:00:00Z +DISB0REF +ok$/);
    const list = json<Array<Record<string, unknown>>>(await runCli(['settlements', '--db', db, '--json', '--since', '2026-10-02', '--until', '2026-10-03']));
    expect(list.map((s) => s.settlementId)).toEqual(['5000000001']);
    expect(list[0]).toMatchObject({ payout: expect.stringMatching(/^\d+\.\d{2}$/) as unknown, payoutTime: '2026-10-03T01:00:00Z', amazonDisbursementReferenceId: 'DISB1REF' });
  });

  it('a settlement with only warnings (an identical re-issued copy) is not said to fail to tie out', async () => {
    await h.importDay(0, { reportId: 'R0-again' });
    expect((await runCli(['reconcile', '--db', db])).code).toBe(0);
    const table = await runCli(['settlements', '--db', db, '--all-columns']);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/duplicate-settlement/);
    expect(table.stderr).not.toMatch(/do not tie out/);
  });

  it('a missing store is a usage error that says to sync first', async () => {
    const r = await runCli(['settlements', '--db', join(h.dir, 'nope.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`amazon-pay-reports: no store at ${join(h.dir, 'nope.db')}: run \`amazon-pay-reports sync\` first, or pass --db\n`);
    expect(existsSync(join(h.dir, 'nope.db'))).toBe(false);
  });
});

describe('export', () => {
  it('rows as CSV, JSON and NDJSON agree, with date filters', async () => {
    const csv = await runCli(['export', 'rows', '--format', 'csv', '--db', db]);
    expect(csv.code).toBe(0);
    const csvLines = csv.stdout.trimEnd().split('\r\n');
    expect(csvLines[0]).toBe('settlementId,reportId,line,postedAt,postedAtRaw,transactionType,amazonTransactionId,sellerReferenceId,amazonOrderReferenceId,sellerOrderId,storeName,currencyCode,description,amount,percentageFee,fixedFee,totalFee,net');
    const rows = json<Array<Record<string, unknown>>>(await runCli(['export', 'rows', '--format', 'json', '--db', db]));
    expect(csvLines).toHaveLength(rows.length + 1);
    const nd = (await runCli(['export', 'rows', '--format', 'ndjson', '--db', db])).stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(nd).toEqual(rows);
    expect(rows[0]).toMatchObject({ settlementId: '5000000000', transactionType: 'Reserve', postedAt: expect.stringMatching(/Z$/) as unknown });
    const day1 = json<Array<{ settlementId: string }>>(await runCli(['export', 'rows', '--format', 'json', '--since', '2026-10-02', '--until', '2026-10-03', '--db', db]));
    expect(new Set(day1.map((r) => r.settlementId))).toEqual(new Set(['5000000001']));
  });

  it('settlements to a file, written atomically; an unknown subject is a usage error', async () => {
    const out = join(h.dir, 'settlements.csv');
    const r = await runCli(['export', 'settlements', '--format', 'csv', '--output', out, '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    const text = readFileSync(out, 'utf8');
    expect(text.split('\r\n')[0]).toMatch(/^settlementId,reportId,reportType,sellerId,start,end,currency,rows,captures/);
    expect(text.trimEnd().split('\r\n')).toHaveLength(4);
    expect(readdirSync(h.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const empty = await runCli(['export', 'settlements', '--format', 'json', '--since', '2030-01-01', '--db', db]);
    expect(json(empty)).toEqual([]);
    expect((await runCli(['export', 'orders', '--db', db])).code).toBe(2);
    expect((await runCli(['export', 'rows', '--format', 'xml', '--db', db])).code).toBe(2);
  });
});

describe('reconcile', () => {
  it('exits 0 when everything ties out', async () => {
    const r = await runCli(['reconcile', '--db', db]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('3 settlements checked: everything ties out.\n');
  });

  it('exits 1 with a readable list, or the report as JSON, when something does not tie out', async () => {
    await h.importDay(3, { edit: (lines) => lines.filter((_, i) => i !== lineOfType(lines, 'Capture')) });
    await h.disburse(3, '0.01');
    const r = await runCli(['reconcile', '--db', db]);
    expect(r.code).toBe(1);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^ERROR {4}unbalanced +settlement 5000000003: rows net to/);
    expect(lines[1]).toMatch(/^ERROR {4}payout-mismatch +settlement 5000000003 pays out .* but disbursement DISB3REF is 0\.01 USD/);
    expect(lines.at(-1)).toBe('4 settlements checked: 2 problems to look at.');
    const j = await runCli(['reconcile', '--db', db, '--json', '--settlement', '5000000003']);
    expect(j.code).toBe(1);
    expect(json<{ ok: boolean; issues: Array<{ code: string }> }>(j)).toMatchObject({ ok: false, settlementsChecked: 1 });
    expect((await runCli(['reconcile', '--db', db, '--settlement', '5000000001'])).code).toBe(0);
    for (const extra of [[], ['--json']]) {
      const unknown = await runCli(['reconcile', '--db', db, '--settlement', 'nope', ...extra]);
      expect(unknown.code).toBe(2);
      expect(unknown.stdout).toBe(''); // not "0 settlements checked: everything ties out"
      expect(unknown.stderr).toBe(`amazon-pay-reports: no such settlement nope in ${db}: \`amazon-pay-reports settlements\` lists the settlement ids in the store\n`);
    }
  });
});
