import type { Disbursement } from '../client/types.js';
import type { Store } from '../store/store.js';
import type { ImportRecord, StoredReport, StoredSettlement } from '../store/stored-report.js';
import type { ReconcileIssue } from './reconcile-issue.js';

/** Disbursements whose settlement report is not in the store (not downloaded yet, or past retention): warnings. */
export function orphanDisbursementIssues(disbursements: readonly Disbursement[], settlements: readonly StoredSettlement[]): ReconcileIssue[] {
  const known = new Set(settlements.map((s) => s.settlementId));
  return disbursements.filter((d) => !known.has(d.settlementId)).map((d) => ({
    settlementId: d.settlementId, code: 'missing-settlement' as const, severity: 'warning' as const,
    message: `disbursement ${d.amazonDisbursementReferenceId} (${d.amount} ${d.currencyCode}, ${d.transactionTime}) is for settlement ${d.settlementId}, whose report is not in the store`,
    details: { amazonDisbursementReferenceId: d.amazonDisbursementReferenceId, amount: d.amount, currency: d.currencyCode },
  }));
}

/** Settlement files on disk whose import never succeeded: their rows are missing from every total. */
export function notImportedIssues(downloaded: readonly StoredReport[], imports: readonly ImportRecord[]): ReconcileIssue[] {
  const imported = new Set(imports.map((i) => i.reportId));
  return downloaded.filter((r) => r.filePath !== undefined && !imported.has(r.reportId)).map((r) => ({
    reportId: r.reportId, code: 'not-imported' as const, severity: 'error' as const,
    message: `settlement report ${r.reportId} was downloaded (${r.filePath ?? ''}) but never imported: run \`amazon-pay-reports sync\` again to import it, or \`amazon-pay-reports parse ${r.filePath ?? ''}\` to see why it fails`,
  }));
}

/**
 * The rows the store holds for a settlement against the rows its import counted: fewer means
 * a lost or damaged part of the store, and its totals cannot be trusted to tie out.
 */
export function incompleteRowsIssue(s: StoredSettlement, stored: number): ReconcileIssue | undefined {
  if (stored === s.rowCount) return undefined;
  return {
    settlementId: s.settlementId, reportId: s.reportId, code: 'incomplete', severity: 'error',
    message: `settlement ${s.settlementId} (report ${s.reportId}): the store holds ${stored} of its ${s.rowCount} rows, so it cannot be said to tie out — run \`amazon-pay-reports doctor\` to check the store, then re-import the report (sync)`,
    details: { storedRows: stored, importedRows: s.rowCount },
  };
}

const IMPORT_ISSUES_SHOWN = 50;

/**
 * Settlement reports that were imported but yielded no settlement at all (every row broken, or no
 * rows): no settlement check ever sees their warnings, so they are listed here — bad rows as
 * errors, since their amounts are missing from every total.
 */
export async function settlementlessImportIssues(store: Store, settlements: readonly StoredSettlement[]): Promise<ReconcileIssue[]> {
  const withSettlement = new Set(settlements.map((s) => s.reportId));
  const reports = (await store.listImports())
    .filter((i) => (i.reportKind === 'settlement' || i.reportKind === 'sandbox-settlement') && !withSettlement.has(i.reportId));
  const out: ReconcileIssue[] = [];
  for (const { reportId } of reports) {
    for (const w of (await store.reportWarnings(reportId, IMPORT_ISSUES_SHOWN)).warnings) {
      const bad = w.code === 'bad-row';
      out.push({
        reportId, ...(w.line === null ? {} : { line: w.line }), code: bad ? 'bad-row' : 'row-warning', severity: bad ? 'error' : 'warning',
        message: `settlement report ${reportId} (no readable settlement row${w.line === null ? '' : `, line ${w.line}`}): ${w.message}`,
      });
    }
  }
  return out;
}
