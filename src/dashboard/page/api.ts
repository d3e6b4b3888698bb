import type { SettlementView } from '../settlement-view.js';
import type { RowsPage } from '../settlement-rows-page.js';
import type { Disbursement } from '../../client/types.js';

export type { SettlementView, RowsPage };

export interface Overview {
  currencies: string[];
  settlements: SettlementView[];
  totals: Array<Record<string, string | number>>;
}

export interface Detail {
  settlement: SettlementView;
  issues: Array<{ code: string; severity: 'error' | 'warning'; message: string }>;
  disbursements: Disbursement[];
}

/** GET a JSON endpoint of the same origin; an error answer becomes an Error with the server's message. */
export async function getJson<T>(path: string, query: Record<string, string> = {}): Promise<T> {
  const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== ''));
  const res = await fetch(`${path}${q.size > 0 ? `?${q.toString()}` : ''}`, { credentials: 'same-origin' });
  const body = (await res.json()) as T & { error?: string };
  if (!res.ok) throw new Error(body.error ?? `HTTP ${res.status}`);
  return body;
}
