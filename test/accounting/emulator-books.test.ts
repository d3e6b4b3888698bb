import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BankMatchReport } from '../../src/accounting/bank/match-payouts.js';
import { parseMoney } from '../../src/reports/money.js';
import { json, runCli, startEmulator, type EmulatorFixture } from '../cli/run-cli.js';
import { settlementTimeAwayFromNow } from '../helpers/settlement-time.js';

// End to end against the emulator: whatever history it generates, the books must balance and every
// payout must be found in a bank statement that lists the disbursements.
let dir: string;
let fx: EmulatorFixture;
let flags: string[];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'apr-books-e2e-'));
  fx = await startEmulator({ days: 40, settlementTimeOfDaySeconds: settlementTimeAwayFromNow() });
  flags = [...fx.args, '--db', join(dir, 'store.db'), '--out', join(dir, 'reports')];
  const sync = await runCli(['sync', ...flags, '--json'], fx.env);
  expect(sync.code, sync.stderr).toBe(0);
});
afterAll(async () => {
  await fx.emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

interface JournalJson { settlementId: string; currency: string; flags: string[]; lines: Array<{ account: string; debit: string; credit: string }> }

describe('books from an emulator sync', () => {
  it('every journal of every emulated settlement balances and clears to zero (summary and detail)', async () => {
    for (const detail of [[], ['--detail']]) {
      const r = await runCli(['export', 'journal', '--format', 'json', ...detail, ...flags], fx.env, { cwd: dir });
      expect(r.code, r.stderr).toBe(0);
      const journals = JSON.parse(r.stdout) as JournalJson[];
      expect(new Set(journals.map((j) => j.settlementId)).size).toBeGreaterThanOrEqual(4);
      const clearing = new Map<string, bigint>();
      for (const j of journals) {
        const m = (s: string): bigint => (s === '' ? 0n : parseMoney(s, j.currency));
        expect(j.lines.reduce((s, l) => s + m(l.debit), 0n)).toBe(j.lines.reduce((s, l) => s + m(l.credit), 0n));
        for (const l of j.lines.filter((x) => x.account === '1105')) clearing.set(j.settlementId, (clearing.get(j.settlementId) ?? 0n) + m(l.debit) - m(l.credit));
        expect(j.flags).not.toContain('not-paid-out');
        expect(j.flags).not.toContain('rows-missing');
      }
      for (const net of clearing.values()) expect(net).toBe(0n);
    }
  });

  it('a bank statement listing the disbursements matches every payout', async () => {
    const list = json<Array<{ amazonDisbursementReferenceId: string; amount: string; transactionTime: string }>>(
      await runCli(['disbursements', 'list', '--since', new Date(Date.now() - 60 * 86_400_000).toISOString(), ...fx.args, '--json'], fx.env),
    );
    expect(list.length).toBeGreaterThanOrEqual(4);
    const csv = ['Date,Description,Amount', ...list.map((d) => `${d.transactionTime.slice(0, 10)},AMAZON PAYMENTS ${d.amazonDisbursementReferenceId},${d.amount}`)].join('\n');
    writeFileSync(join(dir, 'bank.csv'), `${csv}\n`);
    const r = await runCli(['reconcile', '--bank', join(dir, 'bank.csv'), '--json', ...flags], fx.env);
    const report = json<BankMatchReport>(r);
    expect(r.code, r.stdout).toBe(0);
    expect(report.unmatchedPayouts).toEqual([]);
    expect(report.matched.length).toBeGreaterThanOrEqual(list.length);
    expect(report.matched.every((m) => m.by === 'reference')).toBe(true);
  });
});
