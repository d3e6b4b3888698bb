import type { Database } from 'better-sqlite3';
import { REPORT_TYPES } from '../report-types.js';
import { balanceIssue } from './balance-issue.js';
import { disbursementIssue } from './disbursement-issue.js';
import { duplicateIssues } from './duplicate-issues.js';
import { periodIssues, periodVsListing, type ListedPeriod } from './period-issues.js';
import type { ReconcileIssue, StoredDisbursement, StoredSettlement } from './reconcile-issue.js';
import { rowIssues } from './row-issues.js';
import { notImportedIssues, orphanDisbursementIssues, settlementlessImportIssues } from './store-issues.js';

export type { ReconcileIssue } from './reconcile-issue.js';

/** The outcome of reconcile: every issue, and how many settlements were checked. */
export interface ReconcileReport {
  ok: boolean;
  settlementsChecked: number;
  issues: ReconcileIssue[];
}

/** Options for reconcile. */
export interface ReconcileOptions {
  /** Check only this settlement (and its neighbours for gaps/overlaps). */
  settlementId?: string | undefined;
  /** Consecutive periods closer than this count as contiguous (default 60 s: Amazon's period edges jitter by seconds). */
  gapToleranceMs?: number | undefined;
}

/**
 * Checks the store: per settlement, Σ Net of the non-Transfer rows against the payout (−Transfer
 * Net), row identities and unreadable rows recorded at import, the file period against the
 * listing, the payout against the disbursement for that settlement (amount, currency,
 * amazonDisbursementReferenceId); across settlements, gaps or overlaps between consecutive
 * periods (per seller and currency), SettlementIds delivered by more than one report,
 * disbursements without a settlement and downloaded files never imported. Sandbox settlements have
 * no Transfer or disbursement, so only their row checks apply.
 */
export function reconcile(db: Database, options: ReconcileOptions = {}): ReconcileReport {
  const only = options.settlementId;
  const tolerance = options.gapToleranceMs ?? 60_000;
  const all = db.prepare('SELECT * FROM settlements ORDER BY settlement_id, report_id').all() as StoredSettlement[];
  const active = all.filter((s) => s.active === 1);
  const checked = only === undefined ? active : active.filter((s) => s.settlement_id === only);
  const rowsOf = rowIssues(db);
  const disbursementsOf = db.prepare('SELECT * FROM disbursements WHERE settlement_id = ? ORDER BY transaction_time');
  const listingOf = db.prepare('SELECT start_time, end_time FROM reports WHERE report_id = ?');

  const issues: ReconcileIssue[] = [];
  for (const s of checked) {
    const sandbox = s.report_type === REPORT_TYPES['sandbox-settlement'];
    const balance = sandbox ? undefined : balanceIssue(s);
    if (balance) issues.push(balance);
    issues.push(...rowsOf(s), ...periodVsListing(s, listingOf.get(s.report_id) as ListedPeriod | undefined, tolerance));
    const paid = sandbox ? undefined : disbursementIssue(s, disbursementsOf.all(s.settlement_id) as StoredDisbursement[]);
    if (paid) issues.push(paid);
  }
  issues.push(...duplicateIssues(all, only), ...periodIssues(active, only, tolerance));
  if (only === undefined) issues.push(...orphanDisbursementIssues(db), ...notImportedIssues(db), ...settlementlessImportIssues(db));
  return { ok: !issues.some((i) => i.severity === 'error'), settlementsChecked: checked.length, issues };
}
