/** One thing that does not tie out. Amounts in `message` and `details` are decimal strings. */
export interface ReconcileIssue {
  code:
    | 'unbalanced' | 'row-identity' | 'bad-row' | 'currency-mixed' | 'row-warning' | 'gap' | 'overlap' | 'duplicate-settlement'
    | 'no-disbursement' | 'payout-pending' | 'payout-mismatch' | 'currency-mismatch' | 'missing-settlement' | 'not-imported'
    | 'period-mismatch' | 'incomplete';
  /** Errors make `reconcile` fail (CLI exit 1); warnings are shown but tie-out still passes. */
  severity: 'error' | 'warning';
  settlementId?: string;
  reportId?: string;
  line?: number;
  message: string;
  details?: Record<string, string | number | null>;
}
