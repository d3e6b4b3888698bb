import type { Store } from '../store/store.js';
import type { StoredSettlement } from '../store/stored-report.js';
import type { ReconcileIssue } from './reconcile-issue.js';

const IDENTITY_CODES = new Set(['fee-sum', 'net-sum']);
/** Row-level problems listed per settlement; the rest are counted, so a broken file cannot flood the output. */
const ROW_ISSUES_SHOWN = 50;

/**
 * The import warnings of a settlement's report: identity failures, unreadable rows and rows in
 * another currency (the settlement's totals then add up different currencies) are errors, the
 * rest warnings.
 */
export async function rowIssues(store: Store, s: StoredSettlement): Promise<ReconcileIssue[]> {
  const where = { settlementId: s.settlementId, reportId: s.reportId };
  const { total, warnings } = await store.reportWarnings(s.reportId, ROW_ISSUES_SHOWN);
  const out: ReconcileIssue[] = [];
  for (const w of warnings) {
    const code = IDENTITY_CODES.has(w.code) ? 'row-identity' : w.code === 'bad-row' || w.code === 'currency-mixed' ? w.code : 'row-warning';
    out.push({
      ...where, ...(w.line === null ? {} : { line: w.line }), code, severity: code === 'row-warning' ? 'warning' : 'error',
      message: `settlement ${s.settlementId} (report ${s.reportId}${w.line === null ? '' : `, line ${w.line}`}): ${w.message}`,
    });
  }
  const hidden = total - ROW_ISSUES_SHOWN;
  if (hidden > 0) {
    out.push({
      ...where, code: 'row-warning', severity: 'warning',
      message: `settlement ${s.settlementId} (report ${s.reportId}): ${hidden} more row problems not listed (see table report_warnings)`,
    });
  }
  return out;
}
