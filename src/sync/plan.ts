import type { Report } from '../client/types.js';

/** What the store knows about one report, reduced to what planning needs. */
export interface StoredReportState {
  reportId: string;
  processingStatus: string;
  /** The file is on disk, complete, with its sha256 recorded. */
  stored: boolean;
}

export interface SyncPlan {
  /** Every listed report once (deduplicated by reportId), to upsert. */
  record: Report[];
  /** COMPLETED and not safely stored: download these. */
  download: Report[];
  /** Still IN_PROGRESS: recorded, looked at again next run. */
  inProgress: Report[];
  /** CANCELLED (often "no data") or FAILED on Amazon's side: recorded, never downloaded. */
  cancelled: Report[];
  failed: Report[];
  /** COMPLETED and already stored. */
  skipped: Report[];
  /** Stored reports that still need work but were not in this listing: re-check by id. */
  recheck: string[];
}

const RANK: Record<string, number> = { IN_PROGRESS: 0, CANCELLED: 1, FAILED: 1, COMPLETED: 2 };

/** How far along a status is: a report's status only moves up (an unknown one counts as not finished). */
export function statusRank(processingStatus: string): number {
  return RANK[processingStatus] ?? 0;
}

/**
 * Pure: (listed reports, stored state) → work. A report listed twice keeps the most advanced
 * status (a page boundary can show the same report before and after it completes).
 */
export function planSync(
  listed: Iterable<Report>,
  stored: (reportId: string) => StoredReportState | undefined,
  needingWork: Iterable<StoredReportState> = [],
): SyncPlan {
  const byId = new Map<string, Report>();
  for (const r of listed) {
    const prev = byId.get(r.reportId);
    if (!prev || statusRank(r.processingStatus) >= statusRank(prev.processingStatus)) byId.set(r.reportId, r);
  }
  const plan: SyncPlan = { record: [], download: [], inProgress: [], cancelled: [], failed: [], skipped: [], recheck: [] };
  for (const r of byId.values()) {
    plan.record.push(r);
    switch (r.processingStatus) {
      case 'COMPLETED':
        (stored(r.reportId)?.stored ? plan.skipped : plan.download).push(r);
        break;
      case 'CANCELLED':
        plan.cancelled.push(r);
        break;
      case 'FAILED':
        plan.failed.push(r);
        break;
      case 'IN_PROGRESS':
      default:
        // A status this version does not know is treated as not finished: keep looking at it.
        plan.inProgress.push(r);
    }
  }
  for (const s of needingWork) {
    if (!byId.has(s.reportId) && !s.stored) plan.recheck.push(s.reportId);
  }
  return plan;
}

/**
 * The checkpoint after a run: the earliest createdTime among listed reports that still need work,
 * else the listing's upper bound. Never past an un-downloaded COMPLETED or an IN_PROGRESS report.
 */
export function nextCheckpoint(pending: Iterable<Pick<Report, 'createdTime'>>, createdUntil: Date): Date {
  let t = createdUntil.getTime();
  for (const r of pending) {
    const c = Date.parse(r.createdTime);
    if (Number.isFinite(c) && c < t) t = c;
  }
  return new Date(t);
}
