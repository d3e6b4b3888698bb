import type { Disbursement } from '../client/types.js';
import { settlementViews, type SettlementView } from '../dashboard/settlement-view.js';
import { reconcile } from '../reconcile/reconcile.js';
import { settlementTotals } from '../reconcile/settlement-totals.js';
import type { Store } from '../store/store.js';
import { feeBreakdown, type FeeLine } from './fee-breakdown.js';
import { monthRange } from './month-range.js';

/** Everything the month report shows, amounts as exact decimal strings. */
export interface MonthReportData {
  month: string;
  since: string;
  until: string;
  generatedAt: string;
  settlements: SettlementView[];
  totals: Array<Record<string, string | number>>;
  fees: FeeLine[];
  disbursements: Disbursement[];
  /** Settlements that do not tie out, with reconcile's error messages. */
  attention: Array<{ settlement: SettlementView; messages: string[] }>;
}

/** The settlements whose period starts in the month, their totals, fees, payouts and problems. */
export async function monthReportData(store: Store, month: string, now: () => Date): Promise<MonthReportData> {
  const range = monthRange(month);
  const settlements = await settlementViews(store, { since: range.since, until: range.until });
  const ids = new Set(settlements.map((s) => s.settlementId));
  const stored = (await store.listSettlements({ activeOnly: true, since: range.since, until: range.until }));
  const disbursements = (await store.listDisbursements()).filter((d) => ids.has(d.settlementId));
  const issues = (await reconcile(store)).issues.filter((i) => i.severity === 'error' && i.settlementId !== undefined && ids.has(i.settlementId));
  return {
    ...range, generatedAt: now().toISOString().replace(/\.\d{3}Z$/, 'Z'),
    settlements, totals: settlementTotals(settlements), fees: await feeBreakdown(store, stored), disbursements,
    attention: settlements.filter((s) => s.statusLabel !== 'ties out').map((s) => ({
      settlement: s, messages: issues.filter((i) => i.settlementId === s.settlementId).map((i) => i.message),
    })),
  };
}
