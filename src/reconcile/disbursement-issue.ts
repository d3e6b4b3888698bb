import { formatMinor, parseMoney } from '../reports/money.js';
import type { Disbursement } from '../client/types.js';
import type { StoredSettlement } from '../store/stored-report.js';
import type { ReconcileIssue } from './reconcile-issue.js';

/** How long after a settlement ends a missing disbursement is "not paid yet" rather than an error. */
export const PAYOUT_GRACE_MS = 3 * 24 * 3600_000;

/**
 * The payout against the disbursement(s) Amazon lists for the SettlementId: none while money
 * is due, another currency, an unreadable or a different amount. Messages name the
 * amazonDisbursementReferenceId, the id printed on the bank statement.
 */
export function disbursementIssue(
  s: StoredSettlement, disbursements: readonly Disbursement[], pending: { nowMs: number; graceMs: number } = { nowMs: Date.now(), graceMs: PAYOUT_GRACE_MS },
): ReconcileIssue | undefined {
  const where = { settlementId: s.settlementId, reportId: s.reportId };
  const m = (v: bigint) => `${formatMinor(v, s.currency)} ${s.currency}`;
  const payout = parseMoney(s.payout, s.currency);
  if (disbursements.length === 0) {
    if (payout === 0n) return undefined;
    // Amazon lists the transfer some time after the settlement report appears: a settlement that
    // closed moments ago is not paid *yet*, which is no error until the grace period is over.
    // A settlement "ending" in the future (a wrong clock, made-up data) gets no grace.
    const since = pending.nowMs - Date.parse(s.endAt ?? s.lastPostedAt ?? '');
    if (since >= 0 && since < pending.graceMs) {
      return {
        ...where, code: 'payout-pending', severity: 'warning',
        message: `settlement ${s.settlementId} ended ${s.endAt ?? s.lastPostedAt ?? ''} and pays out ${m(payout)}; Amazon has not listed its disbursement yet (it usually does within a day) — sync again later`,
        details: { payout: s.payout, currency: s.currency },
      };
    }
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

/** Disbursements keyed by the SettlementId they pay, in their listed order. */
export function disbursementsBySettlement(disbursements: readonly Disbursement[]): Map<string, Disbursement[]> {
  const by = new Map<string, Disbursement[]>();
  for (const d of disbursements) {
    const list = by.get(d.settlementId);
    if (list) list.push(d);
    else by.set(d.settlementId, [d]);
  }
  return by;
}
