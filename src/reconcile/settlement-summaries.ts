import type { Store } from '../store/store.js';
import type { StoredSettlement } from '../store/stored-report.js';
import { disbursementsBySettlement } from './disbursement-issue.js';
import { reconcile, type ReconcileIssue } from './reconcile.js';

/** One settlement as a finance team reads it. Amounts are decimal strings in `currency`; times ISO UTC. */
export interface SettlementSummary extends Pick<StoredSettlement,
  'settlementId' | 'reportId' | 'reportType' | 'sellerId' | 'currency' | 'captures' | 'refunds' | 'fees' | 'chargebacks'
  | 'adjustments' | 'reserve' | 'net' | 'payout'> {
  start: string | null;
  end: string | null;
  rows: number;
  /** The disbursement(s) for this settlement: the id is the one on the bank statement. */
  amazonDisbursementReferenceId: string | null;
  disbursedAmount: string | null;
  /** `ok`, or the codes of the reconcile issues that concern this settlement. */
  status: string;
}

/** Time window on the settlement period start: since <= start < until. */
export interface SummaryFilter {
  since?: string | undefined;
  until?: string | undefined;
}

/** One summary per settlement (the active copy when re-issued), ordered by period start. */
export async function settlementSummaries(store: Store, filter: SummaryFilter = {}): Promise<SettlementSummary[]> {
  const settlements = await store.listSettlements({
    activeOnly: true, ...(filter.since === undefined ? {} : { since: filter.since }), ...(filter.until === undefined ? {} : { until: filter.until }),
  });
  const paidFor = disbursementsBySettlement(await store.listDisbursements());
  const bySettlement = new Map<string, ReconcileIssue[]>();
  for (const issue of (await reconcile(store)).issues) {
    if (issue.settlementId === undefined) continue;
    bySettlement.set(issue.settlementId, [...(bySettlement.get(issue.settlementId) ?? []), issue]);
  }
  return settlements.map((s) => {
    const codes = [...new Set((bySettlement.get(s.settlementId) ?? []).map((i) => i.code))];
    const paid = paidFor.get(s.settlementId) ?? [];
    return {
      settlementId: s.settlementId, reportId: s.reportId, reportType: s.reportType, sellerId: s.sellerId,
      start: s.startAt, end: s.endAt, currency: s.currency, rows: s.rowCount, captures: s.captures, refunds: s.refunds,
      fees: s.fees, chargebacks: s.chargebacks, adjustments: s.adjustments, reserve: s.reserve, net: s.net, payout: s.payout,
      amazonDisbursementReferenceId: paid.length === 0 ? null : paid.map((d) => d.amazonDisbursementReferenceId).join(', '),
      // Several disbursements for one settlement are summed by reconcile; here only a single one is shown as is.
      disbursedAmount: paid.length === 1 ? (paid[0]?.amount ?? null) : null,
      status: codes.length === 0 ? 'ok' : codes.join(','),
    };
  });
}
