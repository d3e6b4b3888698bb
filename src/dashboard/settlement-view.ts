import { settlementSummaries, type SettlementSummary, type SummaryFilter } from '../reconcile/settlement-summaries.js';
import type { Store } from '../store/store.js';
import { percentOf } from './percent-of.js';
import { settlementStatus, type SettlementStatus } from './settlement-status.js';

/** A settlement as the dashboard and the month report show it: the summary plus what a person looks for. Money stays in decimal strings. */
export interface SettlementView extends SettlementSummary {
  statusLabel: SettlementStatus;
  /** The payout has its disbursement, for the same amount and currency. */
  payoutMatched: boolean;
  /** When the (first) disbursement was made, ISO UTC; null while none is listed. */
  payoutDate: string | null;
  /** Fees, refunds and chargebacks as % of captures (two decimals), null without captures. */
  feePct: string | null;
  refundPct: string | null;
  chargebackPct: string | null;
}

/** One view per settlement (active copies), by period start; computed from stored totals, never from rows. */
export async function settlementViews(store: Store, filter: SummaryFilter = {}): Promise<SettlementView[]> {
  const [summaries, disbursements] = await Promise.all([settlementSummaries(store, filter), store.listDisbursements()]);
  const paidAt = new Map<string, string>();
  for (const d of disbursements) if (!paidAt.has(d.settlementId)) paidAt.set(d.settlementId, d.transactionTime);
  return summaries.map((s) => {
    const statusLabel = settlementStatus(s.status);
    return {
      ...s, statusLabel,
      payoutMatched: !/(^|,)(no-disbursement|payout-mismatch|currency-mismatch)(,|$)/.test(s.status) && paidAt.has(s.settlementId),
      payoutDate: paidAt.get(s.settlementId) ?? null,
      feePct: percentOf(s.fees, s.captures, s.currency),
      refundPct: percentOf(s.refunds, s.captures, s.currency),
      chargebackPct: percentOf(s.chargebacks, s.captures, s.currency),
    };
  });
}
