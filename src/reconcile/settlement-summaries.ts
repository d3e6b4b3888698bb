import type { Database } from 'better-sqlite3';
import type { StoredSettlement } from './reconcile-issue.js';
import { reconcile, type ReconcileIssue } from './reconcile.js';

/** One settlement as a finance team reads it. Amounts are decimal strings in `currency`; times ISO UTC. */
export interface SettlementSummary {
  settlementId: string;
  reportId: string;
  reportType: string;
  sellerId: string | null;
  start: string | null;
  end: string | null;
  currency: string;
  rows: number;
  captures: string;
  refunds: string;
  /** Σ TotalTransactionFee (negative = charged). */
  fees: string;
  chargebacks: string;
  /** Adjustments, Debt, Authorization and types we do not know. */
  adjustments: string;
  /** Reserve and Carryover movements. */
  reserve: string;
  /** Σ Net of every non-Transfer row. */
  net: string;
  /** −Net of the Transfer row(s): what was sent to the bank. */
  payout: string;
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

/** A `settlements` row with its category totals and the disbursements matched to it. */
type Row = Omit<StoredSettlement, 'transfer_count' | 'active'> & {
  captures: string;
  refunds: string;
  fees: string;
  chargebacks: string;
  adjustments: string;
  reserve: string;
  disbursement_ids: string | null;
  disbursed: string | null;
  disbursement_count: number;
};

/** One summary per settlement (the active copy when re-issued), ordered by period start. */
export function settlementSummaries(db: Database, filter: SummaryFilter = {}): SettlementSummary[] {
  const rows = db.prepare(`
    SELECT s.*, (SELECT group_concat(amazon_disbursement_reference_id, ', ') FROM disbursements d WHERE d.settlement_id = s.settlement_id) AS disbursement_ids,
      (SELECT amount FROM disbursements d WHERE d.settlement_id = s.settlement_id LIMIT 1) AS disbursed,
      (SELECT count(*) FROM disbursements d WHERE d.settlement_id = s.settlement_id) AS disbursement_count
    FROM settlements s
    WHERE s.active = 1
      AND (@since IS NULL OR COALESCE(s.start_at, s.first_posted_at) >= @since)
      AND (@until IS NULL OR COALESCE(s.start_at, s.first_posted_at) < @until)
    ORDER BY COALESCE(s.start_at, s.first_posted_at), s.settlement_id`).all({ since: filter.since ?? null, until: filter.until ?? null }) as Row[];

  const bySettlement = new Map<string, ReconcileIssue[]>();
  for (const issue of reconcile(db).issues) {
    if (issue.settlementId === undefined) continue;
    bySettlement.set(issue.settlementId, [...(bySettlement.get(issue.settlementId) ?? []), issue]);
  }
  return rows.map((r) => {
    const codes = [...new Set((bySettlement.get(r.settlement_id) ?? []).map((i) => i.code))];
    return {
      settlementId: r.settlement_id, reportId: r.report_id, reportType: r.report_type, sellerId: r.seller_id,
      start: r.start_at, end: r.end_at, currency: r.currency, rows: r.row_count, captures: r.captures, refunds: r.refunds,
      fees: r.fees, chargebacks: r.chargebacks, adjustments: r.adjustments, reserve: r.reserve, net: r.net, payout: r.payout,
      amazonDisbursementReferenceId: r.disbursement_ids,
      // Several disbursements for one settlement are summed by reconcile; here only a single one is shown as is.
      disbursedAmount: r.disbursement_count === 1 ? r.disbursed : null,
      status: codes.length === 0 ? 'ok' : codes.join(','),
    };
  });
}
