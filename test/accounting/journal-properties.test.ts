import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountCategory } from '../../src/accounting/account-category.js';
import { accountsPreset } from '../../src/accounting/accounts.js';
import { buildJournals } from '../../src/accounting/build-journals.js';
import { journalClearing, type Journal, type JournalOptions } from '../../src/accounting/journal.js';
import { settlementFile, settlementRows, type SettlementFileSpec } from '../../src/emulator/files/settlement-file.js';
import { journalCsv, journalJson } from '../../src/export/journal-formats.js';
import { journalLines, type JournalLine } from '../../src/export/journal-lines.js';
import { importReportFile } from '../../src/import/import-report-file.js';
import { REPORT_TYPES } from '../../src/report-types.js';
import { parseMoney } from '../../src/reports/money.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

const DAY = 86_400_000;

/** Emulator settlements near month ends, in several offsets and currencies, some sandbox (no payout). */
const specArb = fc.record({
  seed: fc.integer({ min: 1, max: 1_000_000 }),
  startMs: fc.integer({ min: Date.UTC(2026, 0, 1), max: Date.UTC(2027, 11, 1) }).map((ms) => ms - (ms % 3_600_000)),
  days: fc.integer({ min: 1, max: 20 }),
  rows: fc.integer({ min: 0, max: 25 }),
  currency: fc.constantFrom('USD', 'EUR', 'GBP'),
  utcOffset: fc.constantFrom('-0800', '-0700', '+0000', '+0100', '+0530', '+0900'),
  sandbox: fc.boolean(),
});

async function withStore<T>(specs: readonly SettlementFileSpec[], run: (store: Store) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'apr-journal-prop-'));
  const store = await openStore(join(dir, 'store.db'));
  try {
    for (const [i, spec] of specs.entries()) {
      const file = join(dir, `${i}.csv`);
      writeFileSync(file, [...settlementFile(spec)].join(''));
      await importReportFile(store, { reportId: `R${i}`, reportType: spec.sandbox ? REPORT_TYPES['sandbox-settlement'] : REPORT_TYPES.settlement }, file);
    }
    return await run(store);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

async function collect(store: Store, options: Partial<JournalOptions> = {}): Promise<Journal[]> {
  const out: Journal[] = [];
  for await (const j of buildJournals(store, { accounts: accountsPreset('generic'), ...options })) out.push(j);
  return out;
}

const minor = (line: JournalLine, side: 'debit' | 'credit'): bigint => (line[side] === '' ? 0n : parseMoney(line[side], line.currency));

/** Σ debit-signed amount per account over some journals. */
function perAccount(journals: readonly Journal[]): Map<string, bigint> {
  const sums = new Map<string, bigint>();
  for (const j of journals) for (const l of journalLines(j)) sums.set(`${j.settlementId} ${l.account}`, (sums.get(`${j.settlementId} ${l.account}`) ?? 0n) + minor(l, 'debit') - minor(l, 'credit'));
  return new Map([...sums].filter(([, v]) => v !== 0n));
}

async function text(chunks: AsyncIterable<string>): Promise<string> {
  let s = '';
  for await (const c of chunks) s += c;
  return s;
}

describe('journals of emulator settlements (property)', () => {
  it('every journal balances, clearing nets to zero exactly when the settlement paid out, and each row lands on its account', async () => {
    await fc.assert(fc.asyncProperty(fc.array(specArb, { minLength: 1, maxLength: 3 }), async (drawn) => {
      const specs = drawn.map((d, i): SettlementFileSpec => ({
        seed: d.seed, sellerId: 'A3PROPSELLER', settlementId: String(7_000_000_000 + i), start: new Date(d.startMs),
        end: new Date(d.startMs + d.days * DAY), rows: d.rows, currency: d.currency, utcOffset: d.utcOffset, sandbox: d.sandbox,
      }));
      await withStore(specs, async (store) => {
        for (const detail of [false, true]) {
          const journals = await collect(store, { detail });
          // A sandbox file without rows names no settlement, so the store has none to book.
          const booked = specs.filter((spec) => !(spec.sandbox && spec.rows === 0));
          expect(new Set(journals.map((j) => j.settlementId)).size).toBe(booked.length);
          for (const j of journals) {
            const lines = [...journalLines(j)];
            expect(lines.reduce((s, l) => s + minor(l, 'debit'), 0n)).toBe(lines.reduce((s, l) => s + minor(l, 'credit'), 0n));
            for (const l of lines) expect((l.debit === '') !== (l.credit === '')).toBe(true);
            expect(j.flags).not.toContain('rows-missing');
          }
          for (const spec of booked) {
            const parts = journals.filter((j) => j.settlementId === spec.settlementId);
            const clearing = parts.reduce((s, j) => s + journalClearing(j), 0n);
            // The emulator's own rows: what clearing must move by, and where each amount must go.
            const rows = [...settlementRows(spec)];
            const netOfRows = rows.reduce((s, r) => s + parseMoney(r.NetTransactionAmount, spec.currency ?? 'USD'), 0n);
            expect(clearing).toBe(netOfRows);
            const paidOut = rows.some((r) => r.TransactionType === 'Transfer') && netOfRows === 0n;
            expect(paidOut).toBe(!spec.sandbox);
            for (const j of parts) expect(j.flags.includes('not-paid-out')).toBe(!paidOut);
            if (paidOut) expect(clearing).toBe(0n);
            const revenue = rows.filter((r) => amountCategory(r.TransactionType) === 'revenue').reduce((s, r) => s + parseMoney(r.TransactionAmount, spec.currency ?? 'USD'), 0n);
            const booked = parts.flatMap((j) => j.postings).filter((p) => p.category === 'revenue').reduce((s, p) => s - p.amount, 0n);
            expect(booked).toBe(revenue);
            expect(parts.map((j) => j.month)).toEqual([...new Set(parts.map((j) => j.month))].sort());
            for (const j of parts) for (const p of j.postings) expect(p.date.startsWith(j.month)).toBe(true);
          }
        }
      });
    }), { numRuns: 12 });
  });

  it('the month split preserves every account total: split by one zone or another, summarised or detailed, the sums are the same', async () => {
    await fc.assert(fc.asyncProperty(specArb, fc.constantFrom('UTC', 'Europe/Berlin', 'America/Los_Angeles', 'Asia/Tokyo'), async (d, tz) => {
      const spec: SettlementFileSpec = {
        seed: d.seed, sellerId: 'A3PROPSELLER', settlementId: '7100000000', start: new Date(d.startMs), end: new Date(d.startMs + d.days * DAY),
        rows: d.rows, currency: d.currency, utcOffset: d.utcOffset, sandbox: d.sandbox,
      };
      await withStore([spec], async (store) => {
        const reference = perAccount(await collect(store, { detail: true, timeZone: 'UTC' }));
        expect(perAccount(await collect(store, { timeZone: tz }))).toEqual(reference);
        expect(perAccount(await collect(store, {}))).toEqual(reference);
        const months = new Set((await collect(store, { detail: true, timeZone: tz })).flatMap((j) => j.postings.map((p) => p.date.slice(0, 7))));
        const empty = d.sandbox && d.rows === 0;
        expect((await collect(store, { timeZone: tz })).length).toBe(empty ? 0 : Math.max(months.size, 1));
      });
    }), { numRuns: 10 });
  });

  it('the neutral journal round-trips through CSV and JSON', async () => {
    await fc.assert(fc.asyncProperty(specArb, fc.boolean(), async (d, detail) => {
      const spec: SettlementFileSpec = {
        seed: d.seed, sellerId: 'A3PROPSELLER', settlementId: '7200000000', start: new Date(d.startMs), end: new Date(d.startMs + d.days * DAY),
        rows: d.rows, currency: d.currency, utcOffset: d.utcOffset, sandbox: d.sandbox,
      };
      await withStore([spec], async (store) => {
        const journals = await collect(store, { detail });
        const lines = journals.flatMap((j) => [...journalLines(j)]);
        const csv = await text(journalCsv(journals));
        const parsed = parse<JournalLine>(csv, { columns: true, record_delimiter: '\r\n' });
        expect(parsed).toEqual(lines.map((l) => ({ ...l })));
        const json = JSON.parse(await text(journalJson(journals))) as Array<{ settlementId: string; part: number; lines: JournalLine[] }>;
        expect(json.flatMap((j) => j.lines)).toEqual(lines);
        expect(json.map((j) => `${j.settlementId}/${j.part}`)).toEqual(journals.map((j) => `${j.settlementId}/${j.part}`));
      });
    }), { numRuns: 10 });
  });
});
