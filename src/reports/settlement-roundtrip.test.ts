import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { settlementFile, settlementPayout, settlementRows, type SettlementFileSpec } from '../emulator/files/settlement-file.js';
import { formatMinor, normalizeMoney, parseMoney } from './money.js';
import type { ParsedRecord, SettlementRecord } from './parsed-record.js';
import { ReportParser } from './report-parser.js';

/** The ISO instant of a file timestamp, computed independently of the parser (via Date.parse). */
function isoOf(raw: string): string {
  const m = /^(.{19}) ?([+-]\d{2}):?(\d{2})$/.exec(raw);
  if (!m) throw new Error(`generator wrote an unexpected timestamp ${raw}`);
  return new Date(Date.parse(`${m[1]}${m[2]}:${m[3]}`)).toISOString().replace('.000Z', 'Z');
}

function expectedRecords(spec: SettlementFileSpec): SettlementRecord[] {
  const money = (v: string, c: string) => normalizeMoney(v, c);
  return [...settlementRows(spec)].map((r, i) => ({
    kind: 'settlement', line: 7 + i, postedAt: isoOf(r.TransactionPostedDate), postedAtRaw: r.TransactionPostedDate,
    settlementId: r.SettlementId, amazonTransactionId: r.AmazonTransactionId || null, sellerReferenceId: r.SellerReferenceId || null,
    transactionType: r.TransactionType, amazonOrderReferenceId: r.AmazonOrderReferenceId || null, sellerOrderId: r.SellerOrderId || null,
    storeName: r.StoreName || null, currencyCode: r.CurrencyCode, description: r.TransactionDescription || null,
    amount: money(r.TransactionAmount, r.CurrencyCode), percentageFee: money(r.TransactionPercentageFee, r.CurrencyCode),
    fixedFee: money(r.TransactionFixedFee, r.CurrencyCode), totalFee: money(r.TotalTransactionFee, r.CurrencyCode),
    net: money(r.NetTransactionAmount, r.CurrencyCode),
  }));
}

/** The generated file's bytes, re-cut at arbitrary byte offsets (also inside the BOM and multi-byte characters). */
function bytesCut(spec: SettlementFileSpec, cuts: number[]): Uint8Array[] {
  const all = Buffer.from([...settlementFile(spec)].join(''), 'utf8');
  const points = [...new Set(cuts.map((c) => c % (all.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let prev = 0;
  for (const p of points) {
    out.push(all.subarray(prev, p));
    prev = p;
  }
  out.push(all.subarray(prev));
  return out;
}

const spec = fc.record({
  seed: fc.integer(),
  sellerId: fc.constantFrom('A3EXAMPLE7SELLR', 'AXYZ123'),
  settlementId: fc.stringMatching(/^[1-9]\d{9,16}$/),
  start: fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-01-01T00:00:00Z'), noInvalidDate: true }),
  spanHours: fc.integer({ min: 1, max: 30 * 24 }),
  currency: fc.constantFrom('USD', 'EUR', 'GBP'),
  rows: fc.integer({ min: 0, max: 40 }),
  sandbox: fc.boolean(),
  utcOffset: fc.constantFrom('-0800', '-0700', '+0000', '+0100', '+0530', '+0900'),
});

describe('emulator settlement files parse back exactly (property)', () => {
  it('every generated value, the preamble, no warnings, and the payout', () => {
    fc.assert(
      fc.property(spec, fc.array(fc.nat(), { maxLength: 8 }), (s, cuts) => {
        const fileSpec: SettlementFileSpec = {
          seed: s.seed, sellerId: s.sellerId, settlementId: s.settlementId, start: s.start,
          end: new Date(s.start.getTime() + s.spanHours * 3_600_000), currency: s.currency, rows: s.rows, sandbox: s.sandbox, utcOffset: s.utcOffset,
        };
        const parser = new ReportParser({ file: 'gen.csv', kind: s.sandbox ? 'sandbox-settlement' : undefined });
        const records: ParsedRecord[] = [];
        for (const chunk of bytesCut(fileSpec, cuts)) parser.push(chunk, records);
        parser.end(records);
        expect(records).toEqual(expectedRecords(fileSpec));
        const summary = parser.summary;
        expect(summary.warnings).toEqual([]);
        expect(summary.preamble?.sellerId).toBe(s.sellerId);
        expect(summary.preamble?.start?.ms).toBe(Math.floor(s.start.getTime() / 1000) * 1000);
        // Payout: −Net of the Transfer row, or Σ Net when there is none (sandbox).
        let net = 0n;
        let transfer: bigint | undefined;
        for (const r of records as SettlementRecord[]) {
          const v = parseMoney(r.net, r.currencyCode);
          if (r.transactionType === 'Transfer') transfer = -v;
          else net += v;
        }
        expect(formatMinor(transfer ?? net, s.currency)).toBe(settlementPayout(fileSpec));
        if (transfer !== undefined) expect(transfer).toBe(net);
      }),
      { numRuns: 60 },
    );
  });
});
