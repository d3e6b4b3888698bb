import type { Database } from 'better-sqlite3';
import { REPORT_TYPES } from '../report-types.js';
import type { ReconcileIssue, StoredDisbursement } from './reconcile-issue.js';

/** Disbursements whose settlement report is not in the store (not downloaded yet, or past retention): warnings. */
export function orphanDisbursementIssues(db: Database): ReconcileIssue[] {
  const rows = db.prepare(`SELECT * FROM disbursements d WHERE NOT EXISTS (SELECT 1 FROM settlements s WHERE s.settlement_id = d.settlement_id)
    ORDER BY transaction_time`).all() as StoredDisbursement[];
  return rows.map((d) => ({
    settlementId: d.settlement_id, code: 'missing-settlement' as const, severity: 'warning' as const,
    message: `disbursement ${d.amazon_disbursement_reference_id} (${d.amount} ${d.currency_code}, ${d.transaction_time}) is for settlement ${d.settlement_id}, whose report is not in the store`,
    details: { amazonDisbursementReferenceId: d.amazon_disbursement_reference_id, amount: d.amount, currency: d.currency_code },
  }));
}

/** Settlement files on disk whose import never succeeded: their rows are missing from every total. */
export function notImportedIssues(db: Database): ReconcileIssue[] {
  const rows = db.prepare(`SELECT report_id, file_path FROM reports r
    WHERE r.report_type IN (?, ?) AND r.file_path IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM report_imports i WHERE i.report_id = r.report_id)
    ORDER BY r.created_time`).all(REPORT_TYPES.settlement, REPORT_TYPES['sandbox-settlement']) as Array<{ report_id: string; file_path: string }>;
  return rows.map((r) => ({
    reportId: r.report_id, code: 'not-imported' as const, severity: 'error' as const,
    message: `settlement report ${r.report_id} was downloaded (${r.file_path}) but never imported: run \`amazon-pay-reports parse ${r.file_path}\` to see why`,
  }));
}

const IMPORT_ISSUES_SHOWN = 50;

/**
 * Settlement reports that were imported but yielded no settlement at all (every row broken, or no
 * rows): no settlement check ever sees their warnings, so they are listed here — bad rows as
 * errors, since their amounts are missing from every total.
 */
export function settlementlessImportIssues(db: Database): ReconcileIssue[] {
  const reports = db.prepare(`SELECT report_id FROM report_imports i
    WHERE i.report_kind IN ('settlement', 'sandbox-settlement')
      AND NOT EXISTS (SELECT 1 FROM settlements s WHERE s.report_id = i.report_id)
    ORDER BY i.seq`).pluck().all() as string[];
  const warningsOf = db.prepare(`SELECT line, code, message FROM report_warnings WHERE report_id = ? ORDER BY line LIMIT ${IMPORT_ISSUES_SHOWN}`);
  const out: ReconcileIssue[] = [];
  for (const reportId of reports) {
    for (const w of warningsOf.all(reportId) as Array<{ line: number | null; code: string; message: string }>) {
      const bad = w.code === 'bad-row';
      out.push({
        reportId, ...(w.line === null ? {} : { line: w.line }), code: bad ? 'bad-row' : 'row-warning', severity: bad ? 'error' : 'warning',
        message: `settlement report ${reportId} (no readable settlement row${w.line === null ? '' : `, line ${w.line}`}): ${w.message}`,
      });
    }
  }
  return out;
}
