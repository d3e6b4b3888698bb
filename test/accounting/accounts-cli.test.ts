import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accountsPreset, parseAccounts } from '../../src/accounting/accounts.js';
import { buildJournals } from '../../src/accounting/build-journals.js';
import type { Journal } from '../../src/accounting/journal.js';
import { journalLines } from '../../src/export/journal-lines.js';
import { xeroFiles } from '../../src/export/xero.js';
import { parseMoney } from '../../src/reports/money.js';
import { runCli } from '../cli/run-cli.js';
import { BOOKS, createBooks, type Books } from './books.fixture.js';

let b: Books;
beforeAll(async () => {
  // The fixed history plus a EUR settlement that never paid out (no Transfer row).
  b = await createBooks([...BOOKS, { settlementId: '4100000009', currency: 'EUR', start: '2026-11-20T00:00:00 +0100', end: '2026-11-27T00:00:00 +0100', rows: [
    { posted: '2026-11-21T10:00:00 +0100', type: 'Capture', amount: '10.00', pct: '-0.19', fixed: '-0.35', tx: 'P09-1-C1', order: 'P09-1' },
  ] }]);
});
afterAll(() => b.close());

const cli = (args: string[]) => runCli([...args, '--db', b.store.location], {}, { cwd: b.dir });

describe('accounts init', () => {
  it('writes a preset owner-only, refuses to replace it without --force, and the exports read it', async () => {
    const r = await cli(['accounts', 'init', '--preset', 'skr04']);
    expect(r.code).toBe(0);
    const path = join(b.dir, 'accounts.json');
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(accountsPreset('skr04'));
    const again = await cli(['accounts', 'init', '--preset', 'skr03']);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/accounts\.json exists: edit it, or pass --force to replace it/);
    const journal = await cli(['export', 'journal', '--settlement', '4100000002']);
    expect(journal.stdout).toContain(',4400,Erlöse Amazon Pay,,109.89,EUR,');
    expect((await cli(['accounts', 'init', '--preset', 'skr03', '--force'])).code).toBe(0);
    expect((await cli(['export', 'journal', '--settlement', '4100000002'])).stdout).toContain(',8400,Erlöse Amazon Pay,,109.89,EUR,');
  });

  it('an unknown preset, a broken accounts file, an unknown zone or format are usage errors (exit 2) that say what to do', async () => {
    expect((await cli(['accounts', 'init', '--preset', 'skr99'])).stderr).toMatch(/use one of skr03, skr04, generic/);
    const bad = join(b.dir, 'bad.json');
    const broken = accountsPreset('generic') as unknown as { accounts: Record<string, unknown> };
    broken.accounts.clearing = { code: '1360' };
    writeFileSync(bad, JSON.stringify(broken));
    const r = await cli(['export', 'journal', '--accounts', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/bad\.json: "accounts\.clearing\.name" must be a non-empty string/);
    writeFileSync(bad, '{ nope');
    expect((await cli(['export', 'journal', '--accounts', bad])).stderr).toMatch(/bad\.json is not valid JSON/);
    const tz = await cli(['export', 'journal', '--tz', 'Mars/Olympus']);
    expect(tz.code).toBe(2);
    expect(tz.stderr).toMatch(/unknown time zone "Mars\/Olympus": use an IANA name/);
    expect((await cli(['export', 'journal', '--format', 'ndjson'])).code).toBe(2);
  });

  it('checks every category is mapped, and names a category that is not one', () => {
    const config = accountsPreset('generic') as unknown as { accounts: Record<string, unknown> };
    expect(() => parseAccounts({ ...config, accounts: { ...config.accounts, tips: { code: '1', name: 'Tips' } } })).toThrow(/"accounts\.tips" is not a category/);
    const { suspense: _, ...withoutSuspense } = config.accounts;
    expect(() => parseAccounts({ accounts: withoutSuspense })).toThrow(/"accounts\.suspense" is missing/);
  });
});

describe('settlements that need a look', () => {
  it('a settlement that did not pay out is exported and named on stderr; its clearing does not net to zero', async () => {
    const r = await cli(['export', 'journal', '--format', 'json', '--settlement', '4100000009']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('settlement 4100000009: not-paid-out');
    const [journal] = JSON.parse(r.stdout) as Array<{ flags: string[]; lines: Array<{ account: string; debit: string; credit: string }> }>;
    expect(journal?.flags).toEqual(['not-paid-out']);
    const clearing = journal?.lines.filter((l) => l.account === '1360').reduce((s, l) => s + parseMoney(l.debit || '0', 'EUR') - parseMoney(l.credit || '0', 'EUR'), 0n);
    expect(clearing).toBe(946n);
  });

  it('an unknown --settlement exports nothing and exits 1 naming it', async () => {
    const r = await cli(['export', 'journal', '--settlement', '999']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('settlement 999 is not in the store');
  });

  it('--since/--until select settlements by their end', async () => {
    const r = await cli(['export', 'qbo', '--since', '2026-11-08', '--until', '2026-11-16']);
    expect([...new Set(r.stdout.split('\r\n').slice(1, -1).map((l) => l.split(',')[0]))]).toEqual(['AP-4100000002', 'AP-4100000003']);
  });
});

describe('Xero files', () => {
  it('packs whole journals into files of at most the line limit, each of which balances', async () => {
    const journals: Journal[] = [];
    for await (const j of buildJournals(b.store, { accounts: accountsPreset('generic') })) journals.push(j);
    const files = xeroFiles(journals, { taxRate: 'Tax Exempt', maxLines: 20 });
    expect(files.length).toBeGreaterThan(1);
    const all = files.flatMap((f) => f.split('\r\n').slice(1, -1));
    expect(all).toHaveLength(journals.reduce((n, j) => n + [...journalLines(j)].length, 0));
    for (const f of files) {
      const rows = f.split('\r\n').slice(1, -1);
      expect(rows.length).toBeLessThanOrEqual(20);
      const byNarration = new Map<string, number>();
      for (const row of rows) {
        const [narration, , , , , amount] = row.split(',');
        byNarration.set(narration ?? '', Math.round((byNarration.get(narration ?? '') ?? 0) * 100 + Number(amount) * 100) / 100);
      }
      for (const sum of byNarration.values()) expect(sum).toBe(0);
    }
    expect(() => xeroFiles(journals, { taxRate: 'Tax Exempt', maxLines: 4 })).toThrow(/more than Xero's 4 per file: export it without --detail/);
  });

  it('the CLI writes a history that fits the limit as one file', async () => {
    const out = join(b.dir, 'xero.csv');
    const r = await cli(['export', 'xero', '--output', out]);
    expect(r.code).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(existsSync(join(b.dir, 'xero-2.csv'))).toBe(false);
  });
});
