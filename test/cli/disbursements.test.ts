import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Disbursement } from '../../src/client/types.js';
import { json, runCli, startEmulator, type EmulatorFixture } from './run-cli.js';

describe('disbursements list', () => {
  let f: EmulatorFixture;
  let all: Disbursement[];
  beforeAll(async () => {
    f = await startEmulator();
    const r = await runCli(['disbursements', 'list', '--since', '2000-01-01', '--until', '2100-01-01', '--json', ...f.args], f.env);
    expect(r.code).toBe(0);
    all = json<Disbursement[]>(r);
  });
  afterAll(() => f.emulator.close());

  it('prints every disbursement with decimal-string amounts and ISO UTC times', () => {
    expect(all.length).toBeGreaterThan(5);
    for (const d of all) {
      expect(typeof d.amount).toBe('string');
      expect(d.amount).toMatch(/^-?\d+\.\d{2}$/);
      expect(d.transactionTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      expect(d.settlementId).toBeTruthy();
    }
  });

  it('pages with --page-size and gets the same list', async () => {
    const before = f.emulator.requests.filter((q) => q.operation === 'getDisbursements').length;
    const r = await runCli(['disbursements', 'list', '--since', '2000-01-01', '--until', '2100-01-01', '--page-size', '4', '--json', ...f.args], f.env);
    expect(json(r)).toEqual(all);
    const calls = f.emulator.requests.filter((q) => q.operation === 'getDisbursements').length - before;
    expect(calls).toBeGreaterThanOrEqual(Math.ceil(all.length / 4));
  });

  it('prints a table with amounts right-aligned', async () => {
    const r = await runCli(['disbursements', 'list', '--since', '2000-01-01', '--until', '2100-01-01', '--limit', '5', ...f.args], f.env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(6);
    const end = lines[0]!.indexOf('AMOUNT') + 'AMOUNT'.length;
    const amountEnds = lines.slice(1).map((line, i) => line.indexOf(all[i]!.amount) + all[i]!.amount.length);
    expect(new Set([...amountEnds, Math.max(end, ...amountEnds)]).size).toBe(1);
  });

  it('filters by time range', async () => {
    const since = all[2]!.transactionTime;
    const until = all[5]!.transactionTime;
    const r = await runCli(['disbursements', 'list', '--since', since, '--until', until, '--json', ...f.args], f.env);
    const got = json<Disbursement[]>(r);
    expect(got.length).toBeGreaterThan(0);
    for (const d of got) expect(d.transactionTime >= since && d.transactionTime <= until).toBe(true);
  });
});
