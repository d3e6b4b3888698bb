/** Where a settlement amount is booked against the clearing account. */
export type AccountCategory =
  | 'clearing' | 'bank' | 'revenue' | 'refunds' | 'feesPercentage' | 'feesFixed' | 'feesOther'
  | 'chargebacks' | 'adjustments' | 'reserve' | 'suspense';

/** Every category, in the order journals list their lines. */
export const ACCOUNT_CATEGORIES: readonly AccountCategory[] = [
  'revenue', 'refunds', 'feesPercentage', 'feesFixed', 'feesOther', 'chargebacks', 'adjustments', 'reserve', 'suspense', 'bank', 'clearing',
];

/**
 * The account a row's TransactionAmount goes to. Types Amazon documents but we cannot classify
 * further (Authorization, Debt) are adjustments; a type we have never seen goes to suspense, so
 * it is booked (never dropped) and someone looks at it.
 */
export function amountCategory(transactionType: string): AccountCategory {
  switch (transactionType) {
    case 'Capture':
      return 'revenue';
    case 'Refund':
      return 'refunds';
    case 'Chargeback':
    case 'Dispute':
      return 'chargebacks';
    case 'Adjustment':
    case 'Authorization':
    case 'Debt':
      return 'adjustments';
    case 'Reserve':
    case 'Carryover':
      return 'reserve';
    case 'Transfer':
      return 'bank';
    default:
      return /a[- ]?to[- ]?z/i.test(transactionType) ? 'chargebacks' : 'suspense';
  }
}
