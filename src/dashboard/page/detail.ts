import { getJson, type Detail, type RowsPage } from './api.js';
import { h } from './el.js';
import { day, money, percent, period } from './format.js';

const PAGE = 50;

/** One settlement: its summary, what reconcile says, its disbursement, and its rows a page at a time. */
export async function renderDetail(app: HTMLElement, id: string): Promise<void> {
  const d = await getJson<Detail>(`/api/settlements/${encodeURIComponent(id)}`);
  const s = d.settlement;
  const c = s.currency;
  const kv = (label: string, value: string, num = false): HTMLElement => h('div', { class: 'kv' }, h('span', {}, label), h('span', { class: num ? 'num' : '' }, value));
  const rowsBox = h('div', { class: 'rows' });
  app.replaceChildren(
    h('p', {}, h('a', { href: '#/', class: 'back' }, '← All settlements')),
    h('h1', {}, `Settlement ${s.settlementId}`, h('span', { class: `badge ${s.statusLabel === 'ties out' ? 'ok' : s.statusLabel === 'unmatched payout' ? 'warn' : 'bad'}` }, s.statusLabel)),
    h('div', { class: 'cards' },
      h('section', { class: 'card summary' }, h('h2', {}, 'Summary'), kv('Period (UTC)', period(s.start, s.end)), kv('Currency', c), kv('Rows', String(s.rows), true),
        kv('Gross sales', money(s.captures, c), true), kv('Refunds', money(s.refunds, c), true), kv('Fees', money(s.fees, c), true),
        kv('Chargebacks', money(s.chargebacks, c), true), kv('Adjustments', money(s.adjustments, c), true), kv('Reserve', money(s.reserve, c), true),
        kv('Net', money(s.net, c), true), kv('Payout', money(s.payout, c), true)),
      h('section', { class: 'card summary' }, h('h2', {}, 'Payout'), kv('Bank reference', s.amazonDisbursementReferenceId ?? '—'), kv('Payout date', day(s.payoutDate)),
        kv('Disbursed', money(s.disbursedAmount, c), true), kv('Fees % of sales', percent(s.feePct), true), kv('Refunds % of sales', percent(s.refundPct), true),
        kv('Chargebacks % of sales', percent(s.chargebackPct), true), kv('Report', s.reportId), kv('Seller', s.sellerId ?? '—')),
      h('section', { class: `card summary ${d.issues.length > 0 ? 'attention' : ''}` }, h('h2', {}, 'Reconcile'),
        d.issues.length === 0 ? h('p', {}, 'Ties out: the rows add up to the payout and the disbursement matches.')
          : h('ul', { class: 'issues' }, ...d.issues.map((i) => h('li', { class: i.severity }, h('strong', {}, `${i.code}: `), i.message))))),
    h('section', { class: 'card' }, h('h2', {}, 'Rows'), rowsBox),
  );
  await showRows(rowsBox, s.settlementId, c, 0);
}

async function showRows(box: HTMLElement, id: string, currency: string, offset: number): Promise<void> {
  const page = await getJson<RowsPage>(`/api/settlements/${encodeURIComponent(id)}/rows`, { offset: String(offset), limit: String(PAGE) });
  const cols = ['line', 'postedAt', 'transactionType', 'amazonTransactionId', 'sellerOrderId', 'description'] as const;
  const amounts = ['amount', 'totalFee', 'net'] as const;
  const prev = h('button', { type: 'button', ...(offset === 0 ? { disabled: '' } : {}) }, '← Previous');
  const next = h('button', { type: 'button', ...(offset + page.rows.length >= page.total ? { disabled: '' } : {}) }, 'Next →');
  prev.addEventListener('click', () => void showRows(box, id, currency, Math.max(0, offset - PAGE)));
  next.addEventListener('click', () => void showRows(box, id, currency, offset + PAGE));
  box.replaceChildren(
    h('div', { class: 'table-wrap' }, h('table', { class: 'rows-table' },
      h('thead', {}, h('tr', {}, ...cols.map((k) => h('th', {}, k)), ...amounts.map((k) => h('th', { class: 'num' }, k)))),
      h('tbody', {}, ...page.rows.map((r) => h('tr', {}, ...cols.map((k) => h('td', { class: k === 'description' ? 'wrap' : undefined }, String(r[k] ?? ''))),
        ...amounts.map((k) => h('td', { class: 'num' }, money(r[k], currency)))))))),
    h('div', { class: 'pager' }, prev, h('span', { class: 'muted' }, page.total === 0 ? 'no rows' : `rows ${offset + 1}–${offset + page.rows.length} of ${page.total}`), next),
  );
}
