import uPlot from 'uplot';
import type { SettlementView } from './api.js';
import { h } from './el.js';

const PALETTE = ['#2f6db5', '#c25b12', '#6a4fb3', '#1d8a6b', '#b33a57', '#6b7a1f'];
const MATCHED = '#2e8b57';
const UNMATCHED = '#d9822b';

/** Seconds since epoch of the day a settlement paid out (the disbursement, else its period end). */
function when(s: SettlementView): number {
  return Math.floor(Date.parse(s.payoutDate ?? s.end ?? s.start ?? '') / 1000);
}

/** A titled chart card; uPlot draws on a canvas inside it. */
function card(parent: HTMLElement, title: string, note: string): HTMLElement {
  const body = h('div', { class: 'chart' });
  parent.append(h('section', { class: 'card chart-card' }, h('h2', {}, title), h('p', { class: 'muted small' }, note), body));
  return body;
}

const DAY = 86_400;

/** Day-sized ticks labelled by date (settlements are daily: hours would be noise). */
function dayAxis(): uPlot.Axis {
  return {
    stroke: '#55606e', grid: { stroke: '#eef1f4' }, space: 70,
    incrs: [DAY, 2 * DAY, 7 * DAY, 14 * DAY, 30 * DAY, 91 * DAY, 182 * DAY, 365 * DAY],
    values: (_u, splits, _axis, _space, incr) => splits.map((t) => new Date(t * 1000).toISOString().slice(incr >= 30 * DAY ? 0 : 5, incr >= 30 * DAY ? 7 : 10)),
  };
}

/** Draws once the cards are laid out, at the width the card got; `fromZero` keeps bars standing on zero. */
function draw(target: HTMLElement, data: uPlot.AlignedData, series: uPlot.Series[], yLabel: string, fromZero = false): void {
  requestAnimationFrame(() => {
    const width = Math.max(320, target.clientWidth || 600);
    new uPlot({
      width, height: 220, series: [{}, ...series], legend: { live: false },
      scales: { x: { time: true }, ...(fromZero ? { y: { range: (_u, min, max): uPlot.Range.MinMax => [Math.min(0, min), Math.max(0, max) * 1.08] } } : {}) },
      axes: [dayAxis(), { stroke: '#55606e', grid: { stroke: '#eef1f4' }, label: yLabel, size: 70 }],
      cursor: { drag: { x: true, y: false } },
    }, data, target);
  });
}

/** Payouts per currency: one bar per settlement, green when its disbursement matches, amber when not. */
export function payoutCharts(parent: HTMLElement, list: readonly SettlementView[]): void {
  for (const currency of [...new Set(list.map((s) => s.currency))].sort()) {
    const rows = list.filter((s) => s.currency === currency).sort((a, b) => when(a) - when(b));
    const x = rows.map(when);
    // Plotting needs numbers; the exact amounts are in the table.
    const matched = rows.map((s) => (s.payoutMatched ? Number(s.payout) : null));
    const unmatched = rows.map((s) => (s.payoutMatched ? null : Number(s.payout)));
    const bars = uPlot.paths.bars?.({ size: [0.8, 24], gap: 1 });
    const target = card(parent, `Payouts (${currency})`, 'One bar per settlement, on its payout day. Green: matched by a disbursement; amber: not matched.');
    draw(target, [x, matched, unmatched], [
      { label: 'matched', stroke: MATCHED, fill: MATCHED, width: 0, ...(bars ? { paths: bars } : {}), points: { show: false } },
      { label: 'unmatched', stroke: UNMATCHED, fill: UNMATCHED, width: 0, ...(bars ? { paths: bars } : {}), points: { show: false } },
    ], currency, true);
  }
}

/** A percentage of sales over time, one line per currency (and per measure). */
export function percentChart(parent: HTMLElement, list: readonly SettlementView[], title: string, note: string,
  measures: ReadonlyArray<{ label: string; pick: (s: SettlementView) => string | null }>): void {
  const sorted = [...list].sort((a, b) => when(a) - when(b));
  const x = [...new Set(sorted.map(when))];
  const index = new Map(x.map((t, i) => [t, i]));
  const series: uPlot.Series[] = [];
  const data: Array<Array<number | null>> = [];
  let color = 0;
  for (const currency of [...new Set(sorted.map((s) => s.currency))].sort()) {
    for (const m of measures) {
      const column: Array<number | null> = x.map(() => null);
      for (const s of sorted) if (s.currency === currency) column[index.get(when(s)) ?? 0] = toNumber(m.pick(s));
      data.push(column);
      series.push({ label: `${m.label} ${currency}`, stroke: PALETTE[color++ % PALETTE.length] ?? '#333', width: 1.5, spanGaps: true, points: { show: false } });
    }
  }
  draw(card(parent, title, note), [x, ...data], series, '% of sales');
}

function toNumber(v: string | null): number | null {
  return v === null ? null : Number(v);
}
