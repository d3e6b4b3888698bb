import { getJson, type Overview } from './api.js';
import { payoutCharts, percentChart } from './charts.js';
import { h } from './el.js';
import { money } from './format.js';
import { settlementsTable } from './settlements-table.js';

/** The filters, kept in the URL hash's query so a reload or a shared link shows the same view. */
interface Filters {
  since: string;
  until: string;
  currency: string;
}

export function filtersFrom(query: URLSearchParams): Filters {
  return { since: query.get('since') ?? '', until: query.get('until') ?? '', currency: query.get('currency') ?? '' };
}

/** The main view: filters, totals, charts and the settlements table. */
export async function renderOverview(app: HTMLElement, filters: Filters): Promise<void> {
  const data = await getJson<Overview>('/api/overview', { ...filters });
  const form = filterForm(filters, data.currencies);
  const attention = data.settlements.filter((s) => s.statusLabel !== 'ties out');
  const cards = h('div', { class: 'cards' }, ...data.totals.map((t) => {
    const c = String(t.currency);
    const line = (label: string, key: string, cls = ''): HTMLElement =>
      h('div', { class: `kv ${cls}` }, h('span', {}, label), h('span', { class: 'num' }, money(String(t[key] ?? '0'), c)));
    return h('section', { class: 'card total-card' }, h('h2', {}, `${c} · ${data.settlements.filter((s) => s.currency === c).length} settlements`),
      line('Gross sales', 'captures'), line('Refunds', 'refunds'), line('Fees', 'fees'), line('Chargebacks', 'chargebacks'),
      line('Paid out', 'payout', 'strong'));
  }), h('section', { class: `card total-card ${attention.length > 0 ? 'attention' : ''}` }, h('h2', {}, 'Needs attention'),
    attention.length === 0 ? h('p', {}, 'Every settlement ties out.') : h('p', {}, `${attention.length} of ${data.settlements.length} settlements do not tie out. Sort by Status to see them.`)));
  const charts = h('div', { class: 'charts' });
  app.replaceChildren(form, data.settlements.length === 0 ? h('p', { class: 'muted' }, 'No settlements in this range.') : cards, charts,
    h('section', { class: 'card' }, h('h2', {}, 'Settlements'), settlementsTable(data.settlements, data.totals)));
  if (data.settlements.length === 0) return;
  payoutCharts(charts, data.settlements);
  percentChart(charts, data.settlements, 'Fees as % of sales', 'Fees charged against gross captures, per settlement.', [{ label: 'fees', pick: (s) => s.feePct }]);
  percentChart(charts, data.settlements, 'Refunds and chargebacks as % of sales', 'Per settlement, against gross captures.', [
    { label: 'refunds', pick: (s) => s.refundPct }, { label: 'chargebacks', pick: (s) => s.chargebackPct },
  ]);
}

function filterForm(filters: Filters, currencies: readonly string[]): HTMLElement {
  const since = h('input', { type: 'date', name: 'since', value: filters.since.slice(0, 10) });
  const until = h('input', { type: 'date', name: 'until', value: filters.until.slice(0, 10) });
  const currency = h('select', { name: 'currency' }, h('option', { value: '' }, 'All currencies'),
    ...currencies.map((c) => h('option', { value: c, ...(c === filters.currency ? { selected: '' } : {}) }, c)));
  const form = h('form', { class: 'filters' },
    h('label', {}, 'From ', since), h('label', {}, 'Before ', until), h('label', {}, 'Currency ', currency),
    h('button', { type: 'submit' }, 'Apply'), h('a', { href: '#/', class: 'reset' }, 'Reset'));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const q = new URLSearchParams(Object.entries({ since: since.value, until: until.value, currency: currency.value }).filter(([, v]) => v !== ''));
    location.hash = `#/?${q.toString()}`;
  });
  return form;
}
