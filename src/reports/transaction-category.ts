/** Summary bucket of a settlement TransactionType. */
export type TransactionCategory = 'captures' | 'refunds' | 'chargebacks' | 'adjustments' | 'reserve' | 'transfer';

/**
 * Buckets a TransactionType for settlement summaries. Chargeback-like types (Chargeback, Dispute,
 * A-to-z claims, whose exact spelling is unverified: report-formats.md §3.3) share one bucket;
 * Reserve and Carryover are balance movements; everything else, including types we have never
 * seen, is an adjustment, so no amount falls out of the totals.
 */
export function transactionCategory(type: string): TransactionCategory {
  switch (type) {
    case 'Capture':
      return 'captures';
    case 'Refund':
      return 'refunds';
    case 'Transfer':
      return 'transfer';
    case 'Reserve':
    case 'Carryover':
      return 'reserve';
    case 'Chargeback':
    case 'Dispute':
      return 'chargebacks';
    default:
      return /a[- ]?to[- ]?z/i.test(type) ? 'chargebacks' : 'adjustments';
  }
}
