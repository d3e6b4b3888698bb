import type { ReconcileIssue, StoredSettlement } from './reconcile-issue.js';

/** SettlementIds held by more than one report: an error when the copies disagree, a warning when identical. */
export function duplicateIssues(all: StoredSettlement[], only: string | undefined): ReconcileIssue[] {
  const byId = new Map<string, StoredSettlement[]>();
  for (const s of all) {
    if (only !== undefined && s.settlement_id !== only) continue;
    byId.set(s.settlement_id, [...(byId.get(s.settlement_id) ?? []), s]);
  }
  const out: ReconcileIssue[] = [];
  for (const [id, copies] of byId) {
    if (copies.length < 2) continue;
    const first = copies[0] as StoredSettlement;
    const same = copies.every((c) => c.row_count === first.row_count && c.net === first.net && c.payout === first.payout);
    const used = copies.find((c) => c.active === 1)?.report_id ?? '?';
    out.push({
      settlementId: id, code: 'duplicate-settlement', severity: same ? 'warning' : 'error',
      message: `settlement ${id} appears in ${copies.length} reports (${copies.map((c) => c.report_id).join(', ')})${same ? ' with identical totals' : ' with different totals'}; totals use report ${used} only`,
      details: { reports: copies.map((c) => c.report_id).join(','), activeReport: used },
    });
  }
  return out;
}
