/** What the dashboard and the month report call a settlement: the worst of its reconcile issues. */
export type SettlementStatus = 'ties out' | 'unbalanced' | 'incomplete' | 'unmatched payout';

const UNBALANCED = new Set(['unbalanced', 'row-identity', 'bad-row', 'currency-mixed']);
const UNMATCHED = new Set(['no-disbursement', 'payout-mismatch', 'currency-mismatch']);

/** From the comma-separated reconcile codes of a settlement summary (`ok` when there are none); warnings still tie out. */
export function settlementStatus(codes: string): SettlementStatus {
  const list = codes.split(',');
  if (list.includes('incomplete')) return 'incomplete';
  if (list.some((c) => UNBALANCED.has(c))) return 'unbalanced';
  if (list.some((c) => UNMATCHED.has(c))) return 'unmatched payout';
  return 'ties out';
}
