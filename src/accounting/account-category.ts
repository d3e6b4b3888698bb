import { transactionCategory, type TransactionCategory } from '../reports/transaction-category.js';

/** Where a settlement amount is booked against the clearing account. */
export type AccountCategory =
  | 'clearing' | 'bank' | 'revenue' | 'refunds' | 'feesPercentage' | 'feesFixed' | 'feesOther'
  | 'chargebacks' | 'adjustments' | 'reserve' | 'suspense';

/** Every category, in the order journals list their lines. */
export const ACCOUNT_CATEGORIES: readonly AccountCategory[] = [
  'revenue', 'refunds', 'feesPercentage', 'feesFixed', 'feesOther', 'chargebacks', 'adjustments', 'reserve', 'suspense', 'bank', 'clearing',
];

const BY_BUCKET: Record<Exclude<TransactionCategory, 'adjustments'>, AccountCategory> = {
  captures: 'revenue', refunds: 'refunds', chargebacks: 'chargebacks', reserve: 'reserve', transfer: 'bank',
};

/** The adjustment-like types Amazon documents (report-formats.md §3.3). */
const KNOWN_ADJUSTMENTS = new Set(['Adjustment', 'Authorization', 'Debt']);

/**
 * The account a row's TransactionAmount goes to, from the same buckets the settlement summaries
 * use. Summaries count a type we have never seen as an adjustment; the books put it on suspense,
 * so it is booked (never dropped) and someone looks at it.
 */
export function amountCategory(transactionType: string): AccountCategory {
  const bucket = transactionCategory(transactionType);
  if (bucket !== 'adjustments') return BY_BUCKET[bucket];
  return KNOWN_ADJUSTMENTS.has(transactionType) ? 'adjustments' : 'suspense';
}
