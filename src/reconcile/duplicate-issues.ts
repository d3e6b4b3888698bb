import type { StoredSettlement } from '../store/stored-report.js';
import type { ReconcileIssue } from './reconcile-issue.js';

/** SettlementIds held by more than one report: an error when the copies disagree, a warning when identical. */
export function duplicateIssues(all: StoredSettlement[], only: string | undefined): ReconcileIssue[] {
  const byId = new Map<string, StoredSettlement[]>();
  for (const s of all) {
    if (only !== undefined && s.settlementId !== only) continue;
    byId.set(s.settlementId, [...(byId.get(s.settlementId) ?? []), s]);
  }
  const out: ReconcileIssue[] = [];
  for (const [id, copies] of byId) {
    if (copies.length < 2) continue;
    const first = copies[0] as StoredSettlement;
    const same = copies.every((c) => c.rowCount === first.rowCount && c.net === first.net && c.payout === first.payout);
    const used = copies.find((c) => c.active)?.reportId ?? '?';
    out.push({
      settlementId: id, code: 'duplicate-settlement', severity: same ? 'warning' : 'error',
      message: `settlement ${id} appears in ${copies.length} reports (${copies.map((c) => c.reportId).join(', ')})${same ? ' with identical totals' : ' with different totals'}; totals use report ${used} only`,
      details: { reports: copies.map((c) => c.reportId).join(','), activeReport: used },
    });
  }
  return out;
}
