/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-explicit-any -- wire JSON */
import { Readable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseTime } from '../../src/dates.js';
import { REGIONS, type EmulatorRegion } from '../../src/emulator/index.js';
import { parseReport } from '../../src/reports/parse-report.js';
import type { SettlementRecord } from '../../src/reports/parsed-record.js';
import { parseMoney } from '../../src/reports/money.js';
import { startEmulator, TestClock, type Harness } from './helpers.js';

const SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_';
const REFUND = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_';
const DAY = 86_400_000;

// The daylight-saving rules, written out independently of the Intl data the emulator uses:
// US: from the second Sunday of March 02:00 local to the first Sunday of November 02:00 local.
// EU and UK: from the last Sunday of March 01:00 UTC to the last Sunday of October 01:00 UTC.
function nthSunday(year: number, month: number, n: number): number {
  const first = new Date(Date.UTC(year, month, 1)).getUTCDay();
  return 1 + ((7 - first) % 7) + (n - 1) * 7;
}
function lastSunday(year: number, month: number): number {
  const last = new Date(Date.UTC(year, month + 1, 0));
  return last.getUTCDate() - last.getUTCDay();
}
function expectedOffset(region: EmulatorRegion, ms: number): string {
  const year = new Date(ms).getUTCFullYear();
  if (region === 'jp') return '+0900';
  if (region === 'na') {
    const from = Date.UTC(year, 2, nthSunday(year, 2, 2), 10); // 02:00 PST
    const to = Date.UTC(year, 10, nthSunday(year, 10, 1), 9); // 02:00 PDT
    return ms >= from && ms < to ? '-0700' : '-0800';
  }
  const summer = ms >= Date.UTC(year, 2, lastSunday(year, 2), 1) && ms < Date.UTC(year, 9, lastSunday(year, 9), 1);
  if (region === 'uk') return summer ? '+0100' : '+0000';
  return summer ? '+0200' : '+0100';
}

/** `2026-07-01T17:00:00 -0700` → its instant and offset text. */
function fileTime(text: string): { ms: number; offset: string } {
  const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}) ([+-]\d{2})(\d{2})$/.exec(text);
  if (!m) throw new Error(`bad file time ${text}`);
  return { ms: new Date(`${m[1]}${m[2]}:${m[3]}`).getTime(), offset: `${m[2]}${m[3]}` };
}

async function listSince(h: Harness, path: string, key: string, query: Record<string, string | number>): Promise<any[]> {
  const out: any[] = [];
  let res = await h.call('GET', path, { query });
  for (;;) {
    expect(res.status, res.text).toBe(200);
    out.push(...res.json[key]);
    if (!res.json.nextToken) return out;
    res = await h.call('GET', path, { query: { nextToken: res.json.nextToken } });
  }
}

async function download(h: Harness, reportDocumentId: string): Promise<string> {
  const doc = await h.call('GET', `/live/v2/report-documents/${reportDocumentId}`);
  expect(doc.status).toBe(200);
  const res = await fetch(doc.json.url);
  expect(res.status).toBe(200);
  return res.text();
}

interface Period { report: any; text: string; records: SettlementRecord[] }

/** A year of one region's history, through the API: the clock moves a month at a time, well inside the 90-day retention. */
async function aYearOf(region: EmulatorRegion, extra: { settlementTimeOfDaySeconds?: number } = {}): Promise<{ periods: Period[]; disbursements: any[]; h: Harness }> {
  const clock = new TestClock('2026-01-03T12:00:00Z');
  const h = await startEmulator({ seed: 2, days: 3, region, reportDelayMs: 0, ...extra }, clock);
  const reports = new Map<string, { report: any; text: string }>();
  const disbursements = new Map<string, any>();
  let since = new Date(clock.now().getTime() - 60 * DAY).toISOString();
  for (let month = 0; month <= 12; month++) {
    for (const r of await listSince(h, '/live/v2/reports', 'reports', { reportTypes: SETTLEMENT, createdSince: since, pageSize: 100 })) {
      if (!reports.has(r.reportId)) reports.set(r.reportId, { report: r, text: await download(h, r.reportDocumentId) });
    }
    for (const d of await listSince(h, '/live/v2/disbursements', 'disbursements', { startTime: since, pageSize: 100 })) disbursements.set(d.settlementId, d);
    since = new Date(clock.now().getTime() - DAY).toISOString();
    clock.advance(31 * DAY);
  }
  const periods: Period[] = [];
  for (const { report, text } of [...reports.values()].sort((a, b) => (a.report.startTime < b.report.startTime ? -1 : 1))) {
    const parsed = parseReport(Readable.from([Buffer.from(text)]));
    const records: SettlementRecord[] = [];
    for await (const r of parsed) if (r.kind === 'settlement') records.push(r);
    expect(parsed.summary.warningCount, `${report.reportId}: ${JSON.stringify(parsed.summary.warnings[0])}`).toBe(0);
    expect(parsed.summary.kind).toBe('settlement');
    periods.push({ report, text, records });
  }
  return { periods, disbursements: [...disbursements.values()], h };
}

function csvRows(text: string, fromLine: number): string[][] {
  const out: unknown = parse(text.replace(/^\uFEFF/, ''), { relax_column_count: true, from_line: fromLine });
  return out as string[][];
}
const cells = (text: string): string[][] => csvRows(text, 7);

describe.each(['na', 'eu', 'uk', 'jp'] as EmulatorRegion[])('a year of %s history', (region) => {
  it('has DST-correct offsets, tiling periods, fees in range, rows summing to the transfer, a reserve chain and payouts', async () => {
    const profile = REGIONS[region];
    const pricing = profile.pricing;
    const { periods, disbursements, h } = await aYearOf(region);
    try {
      const expectedCount = Math.floor(365 / profile.settlementPeriodDays);
      expect(periods.length).toBeGreaterThanOrEqual(expectedCount - 1);
      const offsets = new Set<string>();
      const types = new Set<string>();
      const byId = new Map(disbursements.map((d) => [d.settlementId, d]));
      let previousHeld: bigint | undefined;
      for (let i = 0; i < periods.length; i++) {
        const { report, text, records } = periods[i]!;
        const start = parseTime(report.startTime)!.getTime();
        const end = parseTime(report.endTime)!.getTime();
        // Periods tile time: each starts where the previous ended, no gap, no overlap.
        if (i > 0) expect(report.startTime).toBe(periods[i - 1]!.report.endTime);
        const hours = (end - start) / 3_600_000;
        expect([24 * profile.settlementPeriodDays - 1, 24 * profile.settlementPeriodDays, 24 * profile.settlementPeriodDays + 1]).toContain(hours);

        const lines = text.split('\n');
        const startLine = fileTime(/^"SettlementStartDate","(.+)"$/.exec(lines[3]!)![1]!);
        const endLine = fileTime(/^"SettlementEndDate","(.+)"$/.exec(lines[4]!)![1]!);
        expect([startLine.ms, endLine.ms]).toEqual([start, end]);
        expect(startLine.offset).toBe(expectedOffset(region, start));
        expect(endLine.offset).toBe(expectedOffset(region, end));

        let sum = 0n;
        let last = -Infinity;
        const currency = profile.currency;
        for (const r of records) {
          const { ms, offset } = fileTime(r.postedAtRaw);
          expect(offset, r.postedAtRaw).toBe(expectedOffset(region, ms));
          offsets.add(offset);
          expect(ms).toBeGreaterThanOrEqual(Math.max(last, start));
          expect(ms).toBeLessThanOrEqual(end);
          last = ms;
          types.add(r.transactionType);
          expect(r.currencyCode).toBe(currency);
          const amount = parseMoney(r.amount, currency);
          const pct = parseMoney(r.percentageFee, currency);
          const fixed = parseMoney(r.fixedFee, currency);
          expect(parseMoney(r.totalFee, currency)).toBe(pct + fixed);
          expect(parseMoney(r.net, currency)).toBe(amount + pct + fixed);
          sum += parseMoney(r.net, currency);
          if (r.transactionType === 'Capture') {
            // Between the lowest rate (Amazon balance or the lowest tier) and the highest (top tier + cross-border), half a unit either way for rounding.
            const lo = BigInt(Math.min(pricing.balanceRateBp, pricing.cardRateBp[0]));
            const hi = BigInt(pricing.cardRateBp[1] + pricing.crossBorderBp);
            expect(-pct * 10_000n >= amount * lo - 5_000n && -pct * 10_000n <= amount * hi + 5_000n, `${r.amount} ${r.percentageFee}`).toBe(true);
            expect(fixed).toBe(BigInt(-pricing.fixedFee));
            expect(r.amazonTransactionId).toMatch(/^P01-\d{7}-\d{7}-C0\d{5}$/);
            expect(r.amazonTransactionId!.startsWith(`${r.amazonOrderReferenceId!}-`)).toBe(true);
          } else if (r.transactionType === 'Refund') {
            expect(amount < 0n && pct >= 0n && fixed === 0n).toBe(true); // the percentage fee comes back, the fixed one does not
            expect(r.amazonTransactionId).toMatch(/^P01-\d{7}-\d{7}-R0\d{5}$/);
          } else if (r.transactionType === 'Chargeback') {
            expect(amount < 0n && pct === 0n && fixed === BigInt(-pricing.chargebackFee)).toBe(true);
          }
        }
        expect(sum).toBe(0n);
        const transfer = records.at(-1)!;
        expect(transfer.transactionType).toBe('Transfer');
        const payout = -parseMoney(transfer.net, currency);
        expect(payout > 0n).toBe(true);
        // Every settlement has its disbursement, with a bank reference, for exactly the payout.
        const d = byId.get(records[0]!.settlementId);
        expect(d, records[0]!.settlementId).toBeDefined();
        expect(parseMoney(d.amount, currency)).toBe(payout);
        expect(d.currencyCode).toBe(currency);
        expect(d.amazonDisbursementReferenceId).toMatch(/^[A-Z0-9]{15}$/);
        expect(records[0]!.settlementId).toMatch(/^[1-9]\d{9}$/);
        // The reserve released is the one the previous period held.
        const released = records[0]!;
        const held = records.at(-2)!;
        expect([released.transactionType, released.description]).toEqual(['Reserve', 'Previous Reserve Balance']);
        expect([held.transactionType, held.description]).toEqual(['Reserve', 'Current Reserve Amount']);
        if (previousHeld !== undefined) expect(parseMoney(released.amount, currency)).toBe(-previousHeld);
        previousHeld = parseMoney(held.amount, currency);
        // JPY has no decimals anywhere in the file; the others always two.
        for (const row of cells(text)) {
          for (const cell of row.slice(10, 15)) expect(cell).toMatch(currency === 'JPY' ? /^-?\d+$/ : /^(0|-?\d+\.\d{2})$/);
        }
      }
      expect(offsets).toEqual(new Set({ na: ['-0800', '-0700'], eu: ['+0100', '+0200'], uk: ['+0000', '+0100'], jp: ['+0900'] }[region]));
      for (const t of ['Capture', 'Refund', 'Reserve', 'Transfer', 'Chargeback']) expect(types).toContain(t);

      // A refund report of the last month: only the states real refund reports show, in the marketplace's currency.
      const now = h.clock.now().getTime();
      const created = await h.call('POST', '/live/v2/reports', { body: JSON.stringify({ reportType: REFUND, startTime: new Date(now - 30 * DAY).toISOString(), endTime: new Date(now - DAY).toISOString() }) });
      expect(created.status).toBe(201);
      const refund = await h.call('GET', `/live/v2/reports/${created.json.reportId}`);
      const rows = csvRows(await download(h, refund.json.reportDocumentId), 2);
      expect(rows.length).toBeGreaterThan(0);
      for (const r of rows) {
        expect(['Pending', 'Completed']).toContain(r[8]);
        expect(r[5]).toBe(profile.currency);
        expect(r[4]).toMatch(profile.currency === 'JPY' ? /^\d+$/ : /^\d+\.\d{2}$/);
        expect(fileTime(r[9]!).offset).toBe(expectedOffset(region, fileTime(r[9]!).ms));
      }
    } finally {
      await h.emulator.close();
    }
  }, 120_000);
});

describe('settlement calendar', () => {
  it("periods start at the seller's settlement time of day, local time, through both DST changes", async () => {
    const { periods, h } = await aYearOf('na', { settlementTimeOfDaySeconds: 17 * 3600 + 30 * 60 });
    try {
      for (const { text } of periods) expect(text.split('\n')[3]).toMatch(/^"SettlementStartDate","\d{4}-\d{2}-\d{2}T17:30:00 -0[78]00"$/);
    } finally {
      await h.emulator.close();
    }
  }, 120_000);

  it('a weekly cadence tiles too, and --days counts days, not periods', async () => {
    const h = await startEmulator({ seed: 4, days: 28, settlementPeriodDays: 7 }, new TestClock('2026-03-20T12:00:00Z'));
    try {
      const reports = await listSince(h, '/live/v2/reports', 'reports', { reportTypes: SETTLEMENT });
      expect(reports).toHaveLength(4);
      for (let i = 1; i < reports.length; i++) expect(reports[i].startTime).toBe(reports[i - 1].endTime);
      // The week that spans the spring-forward (2026-03-08) is an hour short.
      const lengths = reports.map((r) => (parseTime(r.endTime)!.getTime() - parseTime(r.startTime)!.getTime()) / 3_600_000);
      expect(lengths.filter((n) => n === 167)).toHaveLength(1);
      expect(lengths.filter((n) => n === 168)).toHaveLength(3);
    } finally {
      await h.emulator.close();
    }
  });
});
