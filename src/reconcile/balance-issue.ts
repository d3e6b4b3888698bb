import { formatMinor, parseMoney } from '../reports/money.js';
import type { StoredSettlement } from '../store/stored-report.js';
import type { ReconcileIssue } from './reconcile-issue.js';

/**
 * Σ Net of the non-Transfer rows against the payout (−Transfer Net). Under the zero-sum model
 * (report-formats.md §3.5) they are equal; a missing or extra row shows up here.
 */
export function balanceIssue(s: StoredSettlement): ReconcileIssue | undefined {
  const net = parseMoney(s.net, s.currency);
  const payout = parseMoney(s.payout, s.currency);
  if (net === payout) return undefined;
  const m = (v: bigint) => `${formatMinor(v, s.currency)} ${s.currency}`;
  return {
    settlementId: s.settlementId, reportId: s.reportId, code: 'unbalanced', severity: 'error',
    message: s.transferCount === 0
      ? `settlement ${s.settlementId}: no Transfer row, but its rows net to ${m(net)}`
      : `settlement ${s.settlementId}: rows net to ${m(net)} but the Transfer pays out ${m(payout)} (difference ${m(net - payout)})`,
    details: { net: s.net, payout: s.payout, difference: formatMinor(net - payout, s.currency), currency: s.currency },
  };
}
