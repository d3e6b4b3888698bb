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
