import type { Database } from 'better-sqlite3';
import type { ReconcileIssue, StoredSettlement } from './reconcile-issue.js';

const IDENTITY_CODES = new Set(['fee-sum', 'net-sum']);
/** Row-level problems listed per settlement; the rest are counted, so a broken file cannot flood the output. */
const ROW_ISSUES_SHOWN = 50;

/**
 * A checker for the import warnings of a settlement's report: identity failures, unreadable rows
 * and rows in another currency (the settlement's totals then add up different currencies) are
 * errors, the rest warnings.
 */
export function rowIssues(db: Database): (s: StoredSettlement) => ReconcileIssue[] {
  const warningsOf = db.prepare(`SELECT line, code, message FROM report_warnings WHERE report_id = ? ORDER BY line LIMIT ${ROW_ISSUES_SHOWN}`);
  const warningCount = db.prepare('SELECT count(*) FROM report_warnings WHERE report_id = ?').pluck();
  return (s) => {
    const where = { settlementId: s.settlement_id, reportId: s.report_id };
    const out: ReconcileIssue[] = [];
    for (const w of warningsOf.all(s.report_id) as Array<{ line: number | null; code: string; message: string }>) {
      const code = IDENTITY_CODES.has(w.code) ? 'row-identity' : w.code === 'bad-row' || w.code === 'currency-mixed' ? w.code : 'row-warning';
      out.push({
        ...where, ...(w.line === null ? {} : { line: w.line }), code, severity: code === 'row-warning' ? 'warning' : 'error',
        message: `settlement ${s.settlement_id} (report ${s.report_id}${w.line === null ? '' : `, line ${w.line}`}): ${w.message}`,
      });
    }
    const hidden = (warningCount.get(s.report_id) as number) - ROW_ISSUES_SHOWN;
    if (hidden > 0) {
      out.push({
        ...where, code: 'row-warning', severity: 'warning',
        message: `settlement ${s.settlement_id} (report ${s.report_id}): ${hidden} more row problems not listed (see table report_warnings)`,
      });
    }
    return out;
  };
}
