import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { settlementSummaries } from '../../src/reconcile/settlement-summaries.js';
import { settlementTotals } from '../../src/reconcile/settlement-totals.js';
import { parseMoney } from '../../src/reports/money.js';
import { monthReportData } from '../../src/report/month-report-data.js';
import { monthReportHtml } from '../../src/report/month-report-html.js';
import { runCli } from '../cli/run-cli.js';
import { createHistory, type History } from '../reconcile/history.fixture.js';

// October 2026 in the fixture: days 0–4; day 31 is 1 November and must stay out.
let history: History;
let html: string;
const now = () => new Date(Date.UTC(2026, 10, 2, 9));

beforeAll(async () => {
  history = await createHistory();
  for (const day of [0, 1, 2, 3, 4, 31]) await history.importDay(day);
  for (const day of [0, 1, 2, 31]) await history.disburse(day);
  await history.disburse(3, '1.00'); // a payout that does not match; day 4 has none at all
  html = monthReportHtml(await monthReportData(history.store, '2026-10', now));
});
afterAll(async () => {
  await history.close();
});

const attr = (name: string): string[] => [...html.matchAll(new RegExp(`${name}="([^"]*)"`, 'g'))].map((m) => m[1] ?? '');

describe('report month: the HTML', () => {
  it('has its sections in order, no script and nothing to fetch', () => {
    const headings = [...html.matchAll(/<h[12][^>]*>([^<(:]+)/g)].map((m) => (m[1] ?? '').trim());
    expect(headings).toEqual(['Amazon Pay month report', 'Needs attention', 'Totals per currency', 'Refunds and chargebacks', 'Fee breakdown', 'Payouts and bank references', 'Settlements']);
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\//i);
    expect(html).toMatch(/<svg class="chart"[^>]*>.*<rect class="warn"/s);
    expect(html).toContain('Generated 2026-11-02T09:00:00Z');
  });

  it('totals per currency equal the store\'s for the month\'s settlements, and the table lists exactly them', async () => {
    const october = await settlementSummaries(history.store, { since: '2026-10-01T00:00:00Z', until: '2026-11-01T00:00:00Z' });
    expect(october.map((s) => s.settlementId)).toEqual([0, 1, 2, 3, 4].map((d) => history.spec(d).settlementId));
    const [usd] = settlementTotals(october);
    for (const k of ['captures', 'refunds', 'fees', 'chargebacks', 'adjustments', 'reserve', 'net', 'payout']) {
      expect(new RegExp(`data-total="${k}" data-currency="USD" data-value="${String(usd?.[k]).replace('.', '\\.')}"`).test(html), k).toBe(true);
    }
    const table = html.slice(html.indexOf('<table class="settlements">'));
    expect([...table.matchAll(/<tr data-settlement-id="(\d+)"/g)].map((m) => m[1])).toEqual(october.map((s) => s.settlementId));
    expect(attr('data-net')).toEqual(october.map((s) => s.net));
  });

  it('the fee breakdown adds up to the settlements\' fees', async () => {
    const data = await monthReportData(history.store, '2026-10', now);
    const sum = data.fees.reduce((t, f) => t + parseMoney(f.totalFee, f.currency), 0n);
    expect(sum).toBe(parseMoney(String(data.totals[0]?.fees), 'USD'));
    expect(data.fees.map((f) => f.transactionType)).toContain('Capture');
  });

  it('puts exactly the unmatched payouts in the needs-attention box, with reconcile\'s reason', () => {
    const box = html.slice(html.indexOf('id="needs-attention"'), html.indexOf('</section>', html.indexOf('id="needs-attention"')));
    expect([...box.matchAll(/data-settlement-id="(\d+)"/g)].map((m) => m[1])).toEqual([3, 4].map((d) => history.spec(d).settlementId));
    expect(box).toMatch(/no disbursement for it is in the store/);
    expect(box).toContain('unmatched payout');
  });
});

describe('report month: the command', () => {
  it('writes report-YYYY-MM.html in the working folder and says what it found', async () => {
    const r = await runCli(['report', 'month', '2026-10', '--db', join(history.dir, 'store.db')], {}, { cwd: history.dir });
    expect(r.code, r.stderr).toBe(0);
    const file = join(history.dir, 'report-2026-10.html');
    expect(r.stdout).toBe(`Wrote ${file}: 5 settlements, 2 need attention.\n`);
    expect(readFileSync(file, 'utf8')).toContain('Amazon Pay month report: 2026-10');
  });

  it('refuses a month that is not YYYY-MM with exit 2, before opening the store', async () => {
    const r = await runCli(['report', 'month', '2026-13', '--db', join(history.dir, 'none.db')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/month "2026-13" is not YYYY-MM: pass e\.g\. 2026-10/);
    expect(existsSync(join(history.dir, 'none.db'))).toBe(false);
  });

  it('--pdf without Chromium: exit 2 and one line saying how to get it; the HTML is still written', async () => {
    const out = join(history.dir, 'no-pdf.html');
    const r = await runCli(['report', 'month', '2026-10', '--db', join(history.dir, 'store.db'), '--output', out, '--pdf'], { PATH: history.dir });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--pdf needs Chromium and none was found on PATH .*apt-get install chromium/);
    expect(existsSync(out)).toBe(true);
  });
});
