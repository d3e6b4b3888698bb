import { parse } from 'csv-parse/sync';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  formatCents, REFUND_COLUMNS, refundFile, SETTLEMENT_COLUMNS, settlementFile, settlementPayout, settlementRows, syntheticColumns, syntheticTransactionFile,
  type SettlementFileSpec, type SyntheticReportKind,
} from '../../src/emulator/index.js';
import { fileTimeFormatter, formatFileTime } from '../../src/emulator/files/file-time.js';

const spec = (over: Partial<SettlementFileSpec> = {}): SettlementFileSpec => ({
  seed: 42, sellerId: 'A3EXAMPLE7SELLR', settlementId: '24681357910', start: new Date('2026-03-04T08:00:00Z'), end: new Date('2026-03-05T08:00:00Z'), ...over,
});
function csv(t: string, fromLine = 1): string[][] {
  const out: unknown = parse(t, { relax_column_count: true, from_line: fromLine });
  return out as string[][];
}
const text = (chunks: Iterable<string>): string => [...chunks].join('');
const cents = (v: string): number => {
  const m = /^(-?)(\d+)(?:\.(\d{2}))?$/.exec(v);
  if (!m) throw new Error(`bad amount ${v}`);
  const n = Number(m[2]) * 100 + Number(m[3] ?? 0);
  return m[1] ? -n : n;
};
const fileTime = (v: string): number => {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(v);
  if (!m) throw new Error(`bad time ${v}`);
  return new Date(`${m[1]}${m[2]}:${m[3]}`).getTime();
};

describe('settlement file', () => {
  it('has the real byte layout: BOM, 5-line preamble, header with trailing comma, 15-cell rows', () => {
    const file = text(settlementFile(spec({ rows: 5, reserveHeld: 12_345 })));
    const lines = file.split('\n');
    expect(lines.slice(0, 6)).toEqual([
      '\uFEFF"Amazon Payments Advanced",',
      '"Settlement Report",',
      '"SellerId","A3EXAMPLE7SELLR"',
      '"SettlementStartDate","2026-03-04T00:00:00 -0800"',
      '"SettlementEndDate","2026-03-05T00:00:00 -0800"',
      `${SETTLEMENT_COLUMNS.map((c) => `"${c}"`).join(',')},`,
    ]);
    expect(lines.at(-1)).toBe('');
    const rows = lines.slice(6, -1);
    expect(rows).toHaveLength(8); // Reserve released + 5 + Reserve held + Transfer
    for (const line of rows) {
      expect(line.startsWith('"')).toBe(true);
      expect(line.endsWith('"')).toBe(true);
    }
    expect(rows[0]).toContain('"Reserve","","","","USD","Previous Reserve Balance"');
    expect(rows.at(-2)).toContain('"Reserve","","","","USD","Current Reserve Amount","-123.45"');
    expect(rows.at(-1)).toContain('"Transfer","","","","USD","SellerPayments_DateRangeReport_transfer_accounting_ending_with_trace_id"');
  });

  it('keeps the row identities, the date order and Σ Net = 0 with Transfer = −payout (property)', () => {
    fc.assert(fc.property(
      fc.oneof(fc.integer(), fc.string({ maxLength: 8 })), fc.integer({ min: 0, max: 150 }), fc.boolean(), fc.constantFrom('-0800', '-0700', '+0100', '+0900'),
      fc.option(fc.integer({ min: 1, max: 100_000 }), { nil: undefined }),
      (seed, rows, sandbox, utcOffset, reserveHeld) => {
        const s = spec({ seed, rows, sandbox, utcOffset, ...(reserveHeld === undefined ? {} : { reserveHeld }) });
        const holds = !sandbox && reserveHeld !== undefined;
        const file = text(settlementFile(s));
        const records = csv(file.slice(1), 7);
        const generated = [...settlementRows(s)];
        expect(records).toEqual(generated.map((r) => SETTLEMENT_COLUMNS.map((c) => r[c])));
        // A live file adds the reserve released and the Transfer; holding a reserve adds its row and,
        // when the balance could not cover it, late captures.
        if (holds) expect(records.length).toBeGreaterThanOrEqual(rows + 3);
        else expect(records).toHaveLength(rows + (sandbox ? 0 : 2));
        let sum = 0;
        let last = -Infinity;
        for (const r of generated) {
          expect(cents(r.TotalTransactionFee)).toBe(cents(r.TransactionPercentageFee) + cents(r.TransactionFixedFee));
          expect(cents(r.NetTransactionAmount)).toBe(cents(r.TransactionAmount) + cents(r.TotalTransactionFee));
          for (const fee of [r.TransactionPercentageFee, r.TransactionFixedFee, r.TotalTransactionFee]) expect(fee).toMatch(/^(0|-?\d+\.\d{2})$/);
          expect(r.TransactionAmount).toMatch(/^-?\d+\.\d{2}$/);
          expect(r.SettlementId).toBe(s.settlementId);
          expect(r.TransactionPostedDate.endsWith(` ${utcOffset}`)).toBe(true);
          const t = fileTime(r.TransactionPostedDate);
          expect(t).toBeGreaterThanOrEqual(last);
          expect(t).toBeGreaterThanOrEqual(s.start.getTime());
          expect(t).toBeLessThanOrEqual(s.end.getTime());
          last = t;
          sum += cents(r.NetTransactionAmount);
          if (r.AmazonTransactionId) expect(r.AmazonTransactionId).toMatch(sandbox ? /^S01-\d{7}-\d{7}-[A-Z]\d{6}$/ : /^P01-\d{7}-\d{7}-[A-Z]\d{6}$/);
        }
        const payout = settlementPayout(s);
        if (sandbox && rows === 0) expect(payout).toBe('0.00');
        else expect(cents(payout)).toBeGreaterThan(0);
        if (sandbox) {
          expect(generated.some((r) => r.TransactionType === 'Transfer' || r.TransactionType === 'Reserve')).toBe(false);
          expect(cents(payout)).toBe(sum);
        } else {
          expect(sum).toBe(0);
          expect(generated[0]!.TransactionType).toBe('Reserve');
          if (holds) expect(generated.at(-2)!.NetTransactionAmount).toBe(`-${formatCents(reserveHeld)}`);
          else expect(generated.some((r) => r.TransactionDescription === 'Current Reserve Amount')).toBe(false);
          expect(generated.at(-1)!.TransactionType).toBe('Transfer');
          expect(generated.at(-1)!.NetTransactionAmount).toBe(`-${payout}`);
        }
      },
    ), { numRuns: 60 });
  });

  it('mixes captures, refunds and the occasional chargeback or adjustment', () => {
    const types = new Set([...settlementRows(spec({ rows: 400 }))].map((r) => r.TransactionType));
    expect(types).toEqual(new Set(['Reserve', 'Capture', 'Refund', 'Chargeback', 'Adjustment', 'Transfer']));
  });

  it('is deterministic: same spec, same bytes; another seed, other bytes', () => {
    expect(text(settlementFile(spec()))).toBe(text(settlementFile(spec())));
    expect(text(settlementFile(spec({ seed: 43 })))).not.toBe(text(settlementFile(spec())));
    expect(text(settlementFile(spec({ seed: '42' })))).toBe(text(settlementFile(spec({ seed: 42 }))));
  });

  it('streams lazily in bounded chunks: the first chunks of a 10-million-row file come at once', () => {
    const chunks = settlementFile(spec({ rows: 10_000_000 }));
    const first = [chunks.next(), chunks.next(), chunks.next()];
    expect(first.every((c) => !c.done)).toBe(true);
    for (const c of first.slice(1)) expect((c.value as string).length).toBeLessThan(70_000);
  });
});

describe('file timestamps', () => {
  it('the fast per-row formatter agrees with the plain one (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom('-0800', '-0700', '+0000', '+0530', '+0900', '-03:30'), (ms, offset) => {
      expect(fileTimeFormatter(offset)(ms)).toBe(formatFileTime(ms, offset));
    }));
    expect(formatFileTime(Date.UTC(2024, 2, 4, 17, 41, 27), '-0800')).toBe('2024-03-04T09:41:27 -0800');
  });
});

describe('transaction report files', () => {
  const txSpec = { seed: 5, fileId: 'R1', start: new Date('2026-03-01T00:00:00Z'), end: new Date('2026-03-08T00:00:00Z'), rows: 25 };

  it('refund report: no BOM, 12 quoted columns, no trailing comma, positive amounts, newest first', () => {
    const file = text(refundFile(txSpec));
    expect(file.charCodeAt(0)).not.toBe(0xfeff);
    const [header, ...rest] = file.trimEnd().split('\n');
    expect(header).toBe(REFUND_COLUMNS.map((c) => `"${c}"`).join(','));
    const records = csv(rest.join('\n'));
    expect(records.length).toBeGreaterThanOrEqual(25);
    for (const r of records) {
      expect(r).toHaveLength(12);
      expect(r[4]).toMatch(/^\d+\.\d{2}$/);
      expect(r[0]).toMatch(/^P01-\d{7}-\d{7}-R\d{6}$/);
      expect(['Completed', 'Pending']).toContain(r[8]); // the states real refund reports show; no invented Declined
    }
    const completed = records.filter((r) => r[8] !== 'Pending').map((r) => fileTime(r[9]!));
    expect(completed).toEqual([...completed].sort((a, b) => b - a));
  });

  it.each(['authorization', 'order-reference', 'billing-agreement', 'capture', 'multi-currency'] as SyntheticReportKind[])('synthetic %s layout: one header, same cell count per row', (kind) => {
    const file = text(syntheticTransactionFile(kind, txSpec));
    const records = csv(file);
    expect(records[0]).toEqual([...syntheticColumns(kind)]);
    expect(records).toHaveLength(26);
    for (const r of records) expect(r).toHaveLength(syntheticColumns(kind).length);
    expect(text(syntheticTransactionFile(kind, txSpec))).toBe(file);
  });
});
