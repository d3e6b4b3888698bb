import { REPORT_TYPES } from '../report-types.js';
import type { StoredSettlement } from '../store/stored-report.js';
import type { ReconcileIssue } from './reconcile-issue.js';

/** Gaps and overlaps between consecutive live settlement periods of the same seller and currency. */
export function periodIssues(active: StoredSettlement[], only: string | undefined, toleranceMs: number): ReconcileIssue[] {
  const groups = new Map<string, StoredSettlement[]>();
  for (const s of active) {
    if (!s.startAt || !s.endAt || s.reportType === REPORT_TYPES['sandbox-settlement']) continue;
    const key = `${s.sellerId ?? ''}\u0000${s.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const out: ReconcileIssue[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => (a.startAt as string).localeCompare(b.startAt as string) || a.settlementId.localeCompare(b.settlementId));
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1] as StoredSettlement;
      const b = list[i] as StoredSettlement;
      if (only !== undefined && a.settlementId !== only && b.settlementId !== only) continue;
      const delta = Date.parse(b.startAt as string) - Date.parse(a.endAt as string);
      const details = { previous: a.settlementId, previousEnd: a.endAt, next: b.settlementId, nextStart: b.startAt };
      if (delta > toleranceMs) {
        out.push({
          settlementId: b.settlementId, code: 'gap', severity: 'error', details,
          message: `gap of ${duration(delta)} between settlement ${a.settlementId} (ends ${a.endAt}) and ${b.settlementId} (starts ${b.startAt}): a settlement report may be missing`,
        });
      } else if (delta < -toleranceMs) {
        out.push({
          settlementId: b.settlementId, code: 'overlap', severity: 'error', details,
          message: `settlement ${b.settlementId} (starts ${b.startAt}) overlaps ${a.settlementId} (ends ${a.endAt}) by ${duration(-delta)}`,
        });
      }
    }
  }
  return out;
}

/** The report's startTime/endTime from the listing, when the sync recorded it. */
export interface ListedPeriod {
  startTime?: string | undefined;
  endTime?: string | undefined;
}

/** The file's SettlementStart/EndDate against the report's listed startTime/endTime (peers.md §5 item 10); a warning, since Amazon does not document that they match. */
export function periodVsListing(s: StoredSettlement, listing: ListedPeriod | undefined, toleranceMs: number): ReconcileIssue[] {
  if (!listing || !s.startAt || !s.endAt) return [];
  const out: ReconcileIssue[] = [];
  for (const [what, file, listed] of [['start', s.startAt, listing.startTime], ['end', s.endAt, listing.endTime]] as const) {
    if (!listed || Math.abs(Date.parse(file) - Date.parse(listed)) <= toleranceMs) continue;
    out.push({
      settlementId: s.settlementId, reportId: s.reportId, code: 'period-mismatch', severity: 'warning',
      message: `settlement ${s.settlementId}: the file's period ${what} ${file} differs from the report listing's ${listed}`,
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
