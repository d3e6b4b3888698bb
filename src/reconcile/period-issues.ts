import { REPORT_TYPES } from '../report-types.js';
import type { ReconcileIssue, StoredSettlement } from './reconcile-issue.js';

/** Gaps and overlaps between consecutive live settlement periods of the same seller and currency. */
export function periodIssues(active: StoredSettlement[], only: string | undefined, toleranceMs: number): ReconcileIssue[] {
  const groups = new Map<string, StoredSettlement[]>();
  for (const s of active) {
    if (!s.start_at || !s.end_at || s.report_type === REPORT_TYPES['sandbox-settlement']) continue;
    const key = `${s.seller_id ?? ''}\u0000${s.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const out: ReconcileIssue[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => (a.start_at as string).localeCompare(b.start_at as string) || a.settlement_id.localeCompare(b.settlement_id));
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1] as StoredSettlement;
      const b = list[i] as StoredSettlement;
      if (only !== undefined && a.settlement_id !== only && b.settlement_id !== only) continue;
      const delta = Date.parse(b.start_at as string) - Date.parse(a.end_at as string);
      const details = { previous: a.settlement_id, previousEnd: a.end_at, next: b.settlement_id, nextStart: b.start_at };
      if (delta > toleranceMs) {
        out.push({
          settlementId: b.settlement_id, code: 'gap', severity: 'error', details,
          message: `gap of ${duration(delta)} between settlement ${a.settlement_id} (ends ${a.end_at}) and ${b.settlement_id} (starts ${b.start_at}): a settlement report may be missing`,
        });
      } else if (delta < -toleranceMs) {
        out.push({
          settlementId: b.settlement_id, code: 'overlap', severity: 'error', details,
          message: `settlement ${b.settlement_id} (starts ${b.start_at}) overlaps ${a.settlement_id} (ends ${a.end_at}) by ${duration(-delta)}`,
        });
      }
    }
  }
  return out;
}

/** The report's startTime/endTime from the listing (`reports` table), when the sync recorded it. */
export interface ListedPeriod {
  start_time: string | null;
  end_time: string | null;
}

/** The file's SettlementStart/EndDate against the report's listed startTime/endTime (peers.md §5 item 10); a warning, since Amazon does not document that they match. */
export function periodVsListing(s: StoredSettlement, listing: ListedPeriod | undefined, toleranceMs: number): ReconcileIssue[] {
  if (!listing || !s.start_at || !s.end_at) return [];
  const out: ReconcileIssue[] = [];
  for (const [what, file, listed] of [['start', s.start_at, listing.start_time], ['end', s.end_at, listing.end_time]] as const) {
    if (!listed || Math.abs(Date.parse(file) - Date.parse(listed)) <= toleranceMs) continue;
    out.push({
      settlementId: s.settlement_id, reportId: s.report_id, code: 'period-mismatch', severity: 'warning',
      message: `settlement ${s.settlement_id}: the file's period ${what} ${file} differs from the report listing's ${listed}`,
      details: { file, listing: listed },
    });
  }
  return out;
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
