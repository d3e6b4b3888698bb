import { parseTime, formatIso } from '../dates.js';
import { reconcile } from '../reconcile/reconcile.js';
import { settlementTotals } from '../reconcile/settlement-totals.js';
import type { Store } from '../store/store.js';
import { settlementRowsPage } from './settlement-rows-page.js';
import { settlementViews } from './settlement-view.js';

/** What a handler answers: a status and a JSON body. */
export interface ApiResponse {
  status: number;
  body: unknown;
}

const MAX_PAGE = 500;

/** The dashboard's JSON endpoints (all GET, all read-only); undefined for a path that is not one. */
export async function apiRoute(store: Store, url: URL): Promise<ApiResponse | undefined> {
  const path = url.pathname;
  if (path === '/api/overview') return overview(store, url.searchParams);
  const rows = /^\/api\/settlements\/([^/]+)\/rows$/.exec(path);
  if (rows) return settlementRows(store, decodeURIComponent(rows[1] ?? ''), url.searchParams);
  const one = /^\/api\/settlements\/([^/]+)$/.exec(path);
  if (one) return settlementDetail(store, decodeURIComponent(one[1] ?? ''));
  if (path.startsWith('/api/')) return { status: 404, body: { error: `no endpoint ${path}` } };
  return undefined;
}

async function overview(store: Store, q: URLSearchParams): Promise<ApiResponse> {
  const since = timeParam(q, 'since');
  const until = timeParam(q, 'until');
  if (since === null || until === null) return badRequest('since and until must be dates like 2026-10-01 (or ISO 8601 times)');
  const currency = q.get('currency') ?? '';
  const all = await settlementViews(store, { since, until });
  const settlements = currency === '' ? all : all.filter((s) => s.currency === currency);
  return {
    status: 200,
    body: { currencies: [...new Set(all.map((s) => s.currency))].sort(), settlements, totals: settlementTotals(settlements) },
  };
}

async function settlementDetail(store: Store, id: string): Promise<ApiResponse> {
  const [settlement] = await settlementViews(store, {}).then((list) => list.filter((s) => s.settlementId === id));
  if (!settlement) return notFound(id);
  const [report, disbursements] = await Promise.all([reconcile(store, { settlementId: id }), store.listDisbursements({ settlementId: id })]);
  const issues = report.issues.filter((i) => i.settlementId === id).map(({ code, severity, message }) => ({ code, severity, message }));
  return { status: 200, body: { settlement, issues, disbursements } };
}

async function settlementRows(store: Store, id: string, q: URLSearchParams): Promise<ApiResponse> {
  const offset = wholeNumber(q.get('offset') ?? '0');
  const limit = wholeNumber(q.get('limit') ?? '50');
  if (offset === undefined || limit === undefined || limit < 1 || limit > MAX_PAGE)
    return badRequest(`offset must be a whole number and limit one from 1 to ${MAX_PAGE}`);
  const [s] = await store.listSettlements({ activeOnly: true, settlementId: id });
  if (!s) return notFound(id);
  return { status: 200, body: await settlementRowsPage(store, s, offset, limit) };
}

/** undefined when absent, null when unreadable. */
function timeParam(q: URLSearchParams, name: string): string | undefined | null {
  const v = q.get(name);
  if (v === null || v === '') return undefined;
  const t = parseTime(v);
  return t ? formatIso(t) : null;
}

function wholeNumber(v: string): number | undefined {
  return /^\d{1,9}$/.test(v) ? Number(v) : undefined;
}

function badRequest(error: string): ApiResponse {
  return { status: 400, body: { error } };
}

function notFound(id: string): ApiResponse {
  return { status: 404, body: { error: `no settlement ${id} in the store` } };
}
