/** One thing that does not tie out. Amounts in `message` and `details` are decimal strings. */
export interface ReconcileIssue {
  code:
    | 'unbalanced' | 'row-identity' | 'bad-row' | 'currency-mixed' | 'row-warning' | 'gap' | 'overlap' | 'duplicate-settlement'
    | 'no-disbursement' | 'payout-mismatch' | 'currency-mismatch' | 'missing-settlement' | 'not-imported'
    | 'period-mismatch';
  /** Errors make `reconcile` fail (CLI exit 1); warnings are shown but tie-out still passes. */
  severity: 'error' | 'warning';
  settlementId?: string;
  reportId?: string;
  line?: number;
  message: string;
  details?: Record<string, string | number | null>;
}

/** A row of the `settlements` table (migration 002), as the checks read it. */
export interface StoredSettlement {
  settlement_id: string;
  report_id: string;
  report_type: string;
  seller_id: string | null;
  start_at: string | null;
  end_at: string | null;
  currency: string;
  row_count: number;
  net: string;
  payout: string;
  transfer_count: number;
  active: number;
}

/** A row of the `disbursements` table (migration 001). */
export interface StoredDisbursement {
  amazon_disbursement_reference_id: string;
  settlement_id: string;
  amount: string;
  currency_code: string;
  transaction_time: string;
}
