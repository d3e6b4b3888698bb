import type { SettlementView } from '../dashboard/settlement-view.js';
import { percentOf } from '../dashboard/percent-of.js';
import { esc } from './html-escape.js';
import type { MonthReportData } from './month-report-data.js';
import { svgBarChart } from './svg-bar-chart.js';

const STYLE = `
body{font:13px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2530;margin:2rem auto;max-width:1240px;padding:0 1rem}
h1{font-size:1.5rem;margin:0 0 .2rem;color:#1f3a5f}h2{font-size:1.05rem;color:#1f3a5f;margin:1.6rem 0 .5rem;border-bottom:1px solid #dfe4ea;padding-bottom:.2rem}
.muted{color:#5d6b7a}table{border-collapse:collapse;width:100%;margin:.3rem 0;font-size:.92em}th,td{padding:.3rem .5rem;border-bottom:1px solid #e5e9ee;text-align:left;white-space:nowrap}
th{font-size:.75rem;text-transform:uppercase;color:#5d6b7a}.num{text-align:right;font-variant-numeric:tabular-nums}tfoot td{font-weight:600;border-top:2px solid #dfe4ea}
.attention{border:2px solid #e08a3c;background:#fff8f1;border-radius:8px;padding:.6rem 1rem;margin:1rem 0}.attention h2{margin-top:.2rem;border:0;color:#a04f0c}
.allgood{border:2px solid #8cc7a2;background:#f2faf5;border-radius:8px;padding:.6rem 1rem;margin:1rem 0}
.badge{display:inline-block;padding:0 .45rem;border-radius:999px;font-size:.75rem;font-weight:600;background:#e3f3ea;color:#2e8b57}.badge.warn{background:#fcefe1;color:#b8651b}.badge.bad{background:#fbe6e4;color:#c0392b}
svg.chart{width:100%;height:auto;max-height:240px}svg.chart rect.ok{fill:#2e8b57}svg.chart rect.warn{fill:#d9822b}svg.chart text{font-size:10px;fill:#5d6b7a}svg.chart .axis{stroke:#9aa5b1}svg.chart .scale{font-size:11px}svg.chart .grid{stroke:#e5e9ee;stroke-dasharray:3 3}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}table,svg{break-inside:avoid}}
`;

const money = (amount: string | number | null | undefined, currency: string): string => {
  if (amount === null || amount === undefined) return '—';
  // Intl formats the decimal string itself, so no float ever touches the amount.
  return new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' }).format(String(amount) as Intl.StringNumericLiteral);
};
const day = (iso: string | null): string => (iso === null ? '—' : iso.slice(0, 10));
const badge = (s: SettlementView): string => `<span class="badge ${s.statusLabel === 'ties out' ? '' : s.statusLabel === 'unmatched payout' ? 'warn' : 'bad'}">${esc(s.statusLabel)}</span>`;

/** The month report as one self-contained HTML document: inline styles and SVG, no script, nothing fetched. */
export function monthReportHtml(d: MonthReportData): string {
  const currencies = d.totals.map((t) => String(t.currency));
  const totals = currencies.length === 0 ? '<p class="muted">No settlements start in this month.</p>' : `<table class="totals"><thead><tr><th>Currency</th><th class="num">Settlements</th>
<th class="num">Gross sales</th><th class="num">Refunds</th><th class="num">Fees</th><th class="num">Chargebacks</th><th class="num">Adjustments</th><th class="num">Reserve</th><th class="num">Net</th><th class="num">Paid out</th></tr></thead><tbody>
${d.totals.map((t) => {
    const c = String(t.currency);
    const cell = (k: string): string => `<td class="num" data-total="${k}" data-currency="${esc(c)}" data-value="${esc(t[k])}">${esc(money(t[k], c))}</td>`;
    return `<tr><td>${esc(c)}</td><td class="num">${d.settlements.filter((s) => s.currency === c).length}</td>${['captures', 'refunds', 'fees', 'chargebacks', 'adjustments', 'reserve', 'net', 'payout'].map(cell).join('')}</tr>`;
  }).join('\n')}</tbody></table>`;

  const attention = d.attention.length === 0
    ? '<section class="allgood" id="needs-attention"><strong>Nothing needs attention:</strong> every settlement of the month ties out and its payout is matched.</section>'
    : `<section class="attention" id="needs-attention"><h2>Needs attention (${d.attention.length})</h2><ul>${d.attention.map((a) => `<li data-settlement-id="${esc(a.settlement.settlementId)}"><strong>${esc(a.settlement.settlementId)}</strong> ${badge(a.settlement)} ${esc(day(a.settlement.start))}: ${a.messages.map(esc).join('; ') || esc(a.settlement.status)}</li>`).join('')}</ul></section>`;

  const charts = currencies.map((c) => svgBarChart(
    d.settlements.filter((s) => s.currency === c).map((s) => ({
      label: day(s.payoutDate ?? s.end).slice(5), value: Number(s.payout), tone: s.payoutMatched ? 'ok' as const : 'warn' as const,
      title: `${s.settlementId}: ${money(s.payout, c)}${s.payoutMatched ? '' : ' (not matched)'}`,
    })), `Payouts in ${c}`, (v) => money(String(Math.round(v)), c))).map((svg, i) => `<h3>Payouts (${esc(currencies[i])}) <span class="muted">green matched, amber not matched</span></h3>${svg}`).join('');

  const rows = d.settlements.map((s) => `<tr data-settlement-id="${esc(s.settlementId)}"><td>${esc(s.settlementId)}</td><td>${esc(day(s.start))} → ${esc(day(s.end))}</td><td>${esc(s.currency)}</td>
<td class="num">${esc(money(s.captures, s.currency))}</td><td class="num">${esc(money(s.refunds, s.currency))}</td><td class="num">${esc(money(s.fees, s.currency))}</td>
<td class="num" data-net="${esc(s.net)}">${esc(money(s.net, s.currency))}</td><td class="num">${esc(money(s.payout, s.currency))}</td><td>${esc(day(s.payoutDate))}</td><td>${esc(s.amazonDisbursementReferenceId ?? '—')}</td><td>${badge(s)}</td></tr>`).join('\n');

  const fees = d.fees.length === 0 ? '<p class="muted">No rows.</p>' : `<table class="fees"><thead><tr><th>Currency</th><th>Transaction type</th><th class="num">Rows</th><th class="num">Amount</th><th class="num">Percentage fee</th><th class="num">Fixed fee</th><th class="num">Total fee</th></tr></thead><tbody>
${d.fees.map((f) => `<tr><td>${esc(f.currency)}</td><td>${esc(f.transactionType)}</td><td class="num">${f.rows}</td><td class="num">${esc(money(f.amount, f.currency))}</td><td class="num">${esc(money(f.percentageFee, f.currency))}</td><td class="num">${esc(money(f.fixedFee, f.currency))}</td><td class="num">${esc(money(f.totalFee, f.currency))}</td></tr>`).join('\n')}</tbody></table>`;

  const ratios = d.totals.map((t) => {
    const c = String(t.currency);
    const pct = (k: string): string => esc(percentOf(String(t[k]), String(t.captures), c) ?? '—');
    return `<tr><td>${esc(c)}</td><td class="num">${esc(money(t.refunds, c))}</td><td class="num">${pct('refunds')} %</td><td class="num">${esc(money(t.chargebacks, c))}</td><td class="num">${pct('chargebacks')} %</td><td class="num">${pct('fees')} %</td></tr>`;
  }).join('');

  const payouts = d.disbursements.length === 0 ? '<p class="muted">No disbursements listed for these settlements.</p>' : `<table class="payouts"><thead><tr><th>Date (UTC)</th><th>Bank reference</th><th>Settlement</th><th class="num">Amount</th></tr></thead><tbody>
${d.disbursements.map((p) => `<tr><td>${esc(day(p.transactionTime))}</td><td>${esc(p.amazonDisbursementReferenceId)}</td><td>${esc(p.settlementId)}</td><td class="num">${esc(money(p.amount, p.currencyCode))}</td></tr>`).join('\n')}</tbody></table>`;

  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Amazon Pay month report ${esc(d.month)}</title><style>${STYLE}</style></head>
<body>
<h1>Amazon Pay month report: ${esc(d.month)}</h1>
<p class="muted">Settlements whose period starts from ${esc(day(d.since))} to before ${esc(day(d.until))} (UTC). Generated ${esc(d.generatedAt)}.</p>
${attention}
<h2>Totals per currency</h2>
${totals}
${charts}
<h2>Refunds and chargebacks</h2>
${d.totals.length === 0 ? '<p class="muted">None.</p>' : `<table class="ratios"><thead><tr><th>Currency</th><th class="num">Refunds</th><th class="num">% of sales</th><th class="num">Chargebacks</th><th class="num">% of sales</th><th class="num">Fees % of sales</th></tr></thead><tbody>${ratios}</tbody></table>`}
<h2>Fee breakdown</h2>
${fees}
<h2>Payouts and bank references</h2>
${payouts}
<h2>Settlements (${d.settlements.length})</h2>
<table class="settlements"><thead><tr><th>Settlement</th><th>Period (UTC)</th><th>Cur</th><th class="num">Gross</th><th class="num">Refunds</th><th class="num">Fees</th><th class="num">Net</th><th class="num">Payout</th><th>Payout date</th><th>Bank reference</th><th>Status</th></tr></thead>
<tbody>
${rows}
</tbody></table>
</body></html>
`;
}
