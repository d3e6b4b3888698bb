import { REPORT_TYPES } from '../report-types.js';
import type { Store } from '../store/store.js';
import { balanceIssue } from './balance-issue.js';
import { disbursementIssue, disbursementsBySettlement, PAYOUT_GRACE_MS } from './disbursement-issue.js';
import { duplicateIssues } from './duplicate-issues.js';
import { periodIssues, periodVsListing } from './period-issues.js';
import type { ReconcileIssue } from './reconcile-issue.js';
import { rowIssues } from './row-issues.js';
import { incompleteRowsIssue, notImportedIssues, orphanDisbursementIssues, settlementlessImportIssues } from './store-issues.js';

export type { ReconcileIssue } from './reconcile-issue.js';

const SETTLEMENT_TYPES = new Set<string>([REPORT_TYPES.settlement, REPORT_TYPES['sandbox-settlement']]);

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
  /** The clock (default the real one): a settlement ended less than `payoutGraceMs` ago without a disbursement is pending, not an error. */
  now?: (() => Date) | undefined;
  /** Default 3 days. */
  payoutGraceMs?: number | undefined;
}

/**
 * Checks the store: per settlement, Σ Net of the non-Transfer rows against the payout (−Transfer
 * Net), the rows stored against the rows imported, row identities and unreadable rows recorded
 * at import, the file period against the listing, the payout against the disbursement for that
 * settlement (amount, currency, amazonDisbursementReferenceId); across settlements, gaps or
 * overlaps between consecutive periods (per seller and currency), SettlementIds delivered by more
 * than one report, disbursements without a settlement and downloaded files never imported.
 * Sandbox settlements have no Transfer or disbursement, so only their row checks apply.
 */
export async function reconcile(store: Store, options: ReconcileOptions = {}): Promise<ReconcileReport> {
  const only = options.settlementId;
  const tolerance = options.gapToleranceMs ?? 60_000;
  const all = await store.listSettlements();
  const active = all.filter((s) => s.active);
  const checked = only === undefined ? active : active.filter((s) => s.settlementId === only);
  const disbursements = await store.listDisbursements();
  const paidFor = disbursementsBySettlement(disbursements);
  // One listing read for every settlement (not a query each); a single settlement asks for its own.
  const listed = only === undefined ? new Map((await store.listReports()).map((r) => [r.reportId, r])) : undefined;
  const listingOf = async (reportId: string) => (listed ? listed.get(reportId) : store.getReport(reportId));
  const pending = { nowMs: (options.now ?? (() => new Date()))().getTime(), graceMs: options.payoutGraceMs ?? PAYOUT_GRACE_MS };
  const storedRows = new Map((await store.settlementRowCounts()).map((c) => [`${c.reportId}\u0000${c.settlementId}`, c.rows]));

  const issues: ReconcileIssue[] = [];
  for (const s of checked) {
    const sandbox = s.reportType === REPORT_TYPES['sandbox-settlement'];
    const incomplete = incompleteRowsIssue(s, storedRows.get(`${s.reportId}\u0000${s.settlementId}`) ?? 0);
    if (incomplete) issues.push(incomplete);
    const balance = sandbox ? undefined : balanceIssue(s);
    if (balance) issues.push(balance);
    append(issues, await rowIssues(store, s), periodVsListing(s, await listingOf(s.reportId), tolerance));
    const paid = sandbox ? undefined : disbursementIssue(s, paidFor.get(s.settlementId) ?? [], pending);
    if (paid) issues.push(paid);
  }
  append(issues, duplicateIssues(all, only), periodIssues(active, only, tolerance));
  if (only === undefined) {
    append(
      issues,
      orphanDisbursementIssues(disbursements, all),
      notImportedIssues([...(listed?.values() ?? [])].filter((r) => SETTLEMENT_TYPES.has(r.reportType)), await store.listImports()),
      await settlementlessImportIssues(store, all),
    );
  }
  return { ok: !issues.some((i) => i.severity === 'error'), settlementsChecked: checked.length, issues };
}

/** Pushes item by item: spreading a list of 125k+ issues into push() overflows the stack. */
function append<T>(target: T[], ...lists: readonly T[][]): void {
  for (const list of lists) for (const item of list) target.push(item);
}
