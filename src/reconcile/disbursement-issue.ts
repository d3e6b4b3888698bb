import { formatMinor, parseMoney } from '../reports/money.js';
import type { Disbursement } from '../client/types.js';
import type { StoredSettlement } from '../store/stored-report.js';
import type { ReconcileIssue } from './reconcile-issue.js';

/**
 * The payout against the disbursement(s) Amazon lists for the SettlementId: none while money
 * is due, another currency, an unreadable or a different amount. Messages name the
 * amazonDisbursementReferenceId, the id printed on the bank statement.
 */
export function disbursementIssue(s: StoredSettlement, disbursements: readonly Disbursement[]): ReconcileIssue | undefined {
  const where = { settlementId: s.settlementId, reportId: s.reportId };
  const m = (v: bigint) => `${formatMinor(v, s.currency)} ${s.currency}`;
  const payout = parseMoney(s.payout, s.currency);
  if (disbursements.length === 0) {
    if (payout === 0n) return undefined;
    return {
      ...where, code: 'no-disbursement', severity: 'error',
      message: `settlement ${s.settlementId} pays out ${m(payout)} but no disbursement for it is in the store (run sync, or it is not paid yet)`,
      details: { payout: s.payout, currency: s.currency },
    };
  }
  const ids = disbursements.map((d) => d.amazonDisbursementReferenceId).join(', ');
  const currencies = [...new Set(disbursements.map((d) => d.currencyCode))];
  if (currencies.length !== 1 || currencies[0] !== s.currency) {
    return {
      ...where, code: 'currency-mismatch', severity: 'error',
      message: `settlement ${s.settlementId} is in ${s.currency} but disbursement ${ids} is in ${currencies.join(', ')}`,
      details: { amazonDisbursementReferenceId: ids, currency: s.currency, disbursementCurrency: currencies.join(',') },
    };
  }
  const unreadable = disbursements.find((d) => !isMoney(d.amount, d.currencyCode));
  if (unreadable) {
    return {
      ...where, code: 'payout-mismatch', severity: 'error',
      message: `settlement ${s.settlementId}: disbursement ${unreadable.amazonDisbursementReferenceId} has an unreadable amount ${JSON.stringify(unreadable.amount)}`,
      details: { amazonDisbursementReferenceId: unreadable.amazonDisbursementReferenceId, disbursed: unreadable.amount },
    };
  }
  const paid = disbursements.reduce((sum, d) => sum + parseMoney(d.amount, d.currencyCode), 0n);
  if (paid === payout) return undefined;
  return {
    ...where, code: 'payout-mismatch', severity: 'error',
    message: `settlement ${s.settlementId} pays out ${m(payout)} but disbursement ${ids} is ${m(paid)} (difference ${m(payout - paid)})`,
    details: { amazonDisbursementReferenceId: ids, payout: s.payout, disbursed: formatMinor(paid, s.currency), currency: s.currency },
  };
}

function isMoney(text: string, currency: string): boolean {
  try {
    parseMoney(text, currency);
    return true;
  } catch {
    return false;
  }
}
