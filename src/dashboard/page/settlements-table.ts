import type { SettlementView } from './api.js';
import { h } from './el.js';
import { day, money, period } from './format.js';

interface Column {
  key: string;
  header: string;
  money?: keyof SettlementView;
  text?: (s: SettlementView) => string;
  /** Sort key: money by exact value, text as text. */
  sort: (s: SettlementView) => number | string;
}

const amount = (k: 'captures' | 'refunds' | 'fees' | 'net' | 'payout'): Column => ({
  key: k, header: k === 'captures' ? 'Gross' : k[0]!.toUpperCase() + k.slice(1), money: k, sort: (s) => Number(s[k]),
});

const COLUMNS: readonly Column[] = [
  { key: 'period', header: 'Period (UTC)', text: (s) => period(s.start, s.end), sort: (s) => s.start ?? '' },
  { key: 'currency', header: 'Cur', text: (s) => s.currency, sort: (s) => s.currency },
  amount('captures'), amount('refunds'), amount('fees'), amount('net'), amount('payout'),
  { key: 'payoutDate', header: 'Payout date', text: (s) => day(s.payoutDate), sort: (s) => s.payoutDate ?? '' },
  { key: 'bank', header: 'Bank reference', text: (s) => s.amazonDisbursementReferenceId ?? '—', sort: (s) => s.amazonDisbursementReferenceId ?? '' },
  { key: 'status', header: 'Status', text: (s) => s.statusLabel, sort: (s) => s.statusLabel },
];

const STATUS_CLASS: Record<string, string> = { 'ties out': 'ok', unbalanced: 'bad', incomplete: 'bad', 'unmatched payout': 'warn' };

/** The settlements table: click a header to sort (again to reverse), a row to open the settlement. */
export function settlementsTable(list: readonly SettlementView[], totals: ReadonlyArray<Record<string, string | number>>): HTMLElement {
  let sortKey = 'period';
  let descending = true;
  const thead = h('thead');
  const tbody = h('tbody');
  const render = (): void => {
    const col = COLUMNS.find((c) => c.key === sortKey) ?? COLUMNS[0]!;
    const rows = [...list].sort((a, b) => {
      const x = col.sort(a), y = col.sort(b);
      return (x < y ? -1 : x > y ? 1 : 0) * (descending ? -1 : 1);
    });
    thead.replaceChildren(h('tr', {}, ...COLUMNS.map((c) => {
      const th = h('th', { class: c.money ? 'num' : undefined, 'data-key': c.key, 'aria-sort': c.key === sortKey ? (descending ? 'descending' : 'ascending') : undefined },
        h('button', { type: 'button' }, c.header, c.key === sortKey ? (descending ? ' ▾' : ' ▴') : ''));
      th.querySelector('button')?.addEventListener('click', () => {
        descending = c.key === sortKey ? !descending : c.money !== undefined;
        sortKey = c.key;
        render();
      });
      return th;
    })));
    tbody.replaceChildren(...rows.map((s) => {
      const tr = h('tr', { class: 'row-link', 'data-settlement-id': s.settlementId, tabindex: '0' }, ...COLUMNS.map((c) => {
        if (c.money) return h('td', { class: 'num', 'data-key': c.key, 'data-value': String(s[c.money]) }, money(String(s[c.money]), s.currency));
        if (c.key === 'status') return h('td', {}, h('span', { class: `badge ${STATUS_CLASS[s.statusLabel] ?? ''}`, title: s.status }, s.statusLabel));
        return h('td', { 'data-key': c.key }, c.text?.(s) ?? '');
      }));
      const open = (): void => void (location.hash = `#/settlements/${encodeURIComponent(s.settlementId)}`);
      tr.addEventListener('click', open);
      tr.addEventListener('keydown', (e) => { if (e.key === 'Enter') open(); });
      return tr;
    }));
  };
  render();
  const tfoot = h('tfoot', {}, ...totals.map((t) => {
    const currency = String(t.currency);
    return h('tr', {}, ...COLUMNS.map((c) => c.money
      ? h('td', { class: 'num' }, money(String(t[c.money] ?? '0'), currency))
      : h('td', {}, c.key === 'period' ? `Total (${String(t.rows)} rows)` : c.key === 'currency' ? currency : '')));
  }));
  return h('div', { class: 'table-wrap' }, h('table', { class: 'settlements' }, thead, tbody, tfoot));
}
