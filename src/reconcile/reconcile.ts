import type { Database } from 'better-sqlite3';
import { formatMinor, parseMoney } from '../reports/money.js';
import { REPORT_TYPES } from '../report-types.js';

/** One thing that does not tie out. Amounts in `message` and `details` are decimal strings. */
export interface ReconcileIssue {
  code:
    | 'unbalanced' | 'row-identity' | 'bad-row' | 'row-warning' | 'gap' | 'overlap' | 'duplicate-settlement'
    | 'no-disbursement' | 'payout-mismatch' | 'currency-mismatch' | 'missing-settlement' | 'not-imported'
    | 'period-mismatch';
  /** Errors make `reconcile` fail (CLI exit 1); warnings are shown but tie-out still passes. */
  severity: 'error' | 'warning';
  settlementId?: string;
  reportId?: string;
  line?: number;
  message: string;
  details?: Record<string, string | number | null>;
}

/** The outcome of reconcile: every issue, and how many settlements were checked. */
export interface ReconcileReport {
  ok: boolean;
  settlementsChecked: number;
  issues: ReconcileIssue[];
}

/** Options for reconcile. */
export interface ReconcileOptions {
  /** Check only this settlement (and its neighbours for gaps/overlaps). */
  settlementId?: string | undefined;
  /** Consecutive periods closer than this count as contiguous (default 60 s: Amazon's period edges jitter by seconds). */
  gapToleranceMs?: number | undefined;
}

interface SettlementRow {
  settlement_id: string;
  report_id: string;
  report_type: string;
  seller_id: string | null;
  start_at: string | null;
  end_at: string | null;
  currency: string;
  row_count: number;
  net: string;
  payout: string;
  transfer_count: number;
  active: number;
}

interface DisbursementRow {
  amazon_disbursement_reference_id: string;
  settlement_id: string;
  amount: string;
  currency_code: string;
  transaction_time: string;
}

const IDENTITY_CODES = new Set(['fee-sum', 'net-sum']);
/** Row-level problems listed per settlement; the rest are counted, so a broken file cannot flood the output. */
const ROW_ISSUES_SHOWN = 50;

/**
 * Checks the store: per settlement, Σ Net of the non-Transfer rows against the payout (−Transfer
 * Net), row identities and unreadable rows recorded at import, the payout against the
 * disbursement for that settlement (amount, currency, amazonDisbursementReferenceId); across
 * settlements, gaps or overlaps between consecutive periods (per seller and currency) and
 * SettlementIds delivered by more than one report. Sandbox settlements have no Transfer or
 * disbursement, so only their row checks apply.
 */
export function reconcile(db: Database, options: ReconcileOptions = {}): ReconcileReport {
  const issues: ReconcileIssue[] = [];
  const only = options.settlementId;
  const all = db.prepare('SELECT * FROM settlements ORDER BY settlement_id, report_id').all() as SettlementRow[];
  const active = all.filter((s) => s.active === 1);
  const checked = only === undefined ? active : active.filter((s) => s.settlement_id === only);

  const warningsOf = db.prepare(`SELECT line, code, message FROM report_warnings WHERE report_id = ? ORDER BY line LIMIT ${ROW_ISSUES_SHOWN}`);
  const warningCount = db.prepare('SELECT count(*) FROM report_warnings WHERE report_id = ?').pluck();
  const disbursementsOf = db.prepare('SELECT * FROM disbursements WHERE settlement_id = ? ORDER BY transaction_time');
  const listingOf = db.prepare('SELECT start_time, end_time FROM reports WHERE report_id = ?');

  for (const s of checked) {
    const sandbox = s.report_type === REPORT_TYPES['sandbox-settlement'];
    const where = { settlementId: s.settlement_id, reportId: s.report_id };
    const m = (v: bigint) => `${formatMinor(v, s.currency)} ${s.currency}`;
    const net = parseMoney(s.net, s.currency);
    const payout = parseMoney(s.payout, s.currency);

    if (!sandbox && net !== payout) {
      issues.push({
        ...where, code: 'unbalanced', severity: 'error',
        message: s.transfer_count === 0
          ? `settlement ${s.settlement_id}: no Transfer row, but its rows net to ${m(net)}`
          : `settlement ${s.settlement_id}: rows net to ${m(net)} but the Transfer pays out ${m(payout)} (difference ${m(net - payout)})`,
        details: { net: s.net, payout: s.payout, difference: formatMinor(net - payout, s.currency), currency: s.currency },
      });
    }

    for (const w of warningsOf.all(s.report_id) as Array<{ line: number | null; code: string; message: string }>) {
      const code = IDENTITY_CODES.has(w.code) ? 'row-identity' : w.code === 'bad-row' ? 'bad-row' : 'row-warning';
      issues.push({
        ...where, ...(w.line === null ? {} : { line: w.line }), code, severity: code === 'row-warning' ? 'warning' : 'error',
        message: `settlement ${s.settlement_id} (report ${s.report_id}${w.line === null ? '' : `, line ${w.line}`}): ${w.message}`,
      });
    }
    const hidden = (warningCount.get(s.report_id) as number) - ROW_ISSUES_SHOWN;
    if (hidden > 0) {
      issues.push({
        ...where, code: 'row-warning', severity: 'warning',
        message: `settlement ${s.settlement_id} (report ${s.report_id}): ${hidden} more row problems not listed (see table report_warnings)`,
      });
    }

    issues.push(...periodVsListing(s, listingOf.get(s.report_id) as Listing | undefined, options.gapToleranceMs ?? 60_000));

    if (sandbox) continue;
    const disbursements = disbursementsOf.all(s.settlement_id) as DisbursementRow[];
    if (disbursements.length === 0) {
      if (payout !== 0n) {
        issues.push({
          ...where, code: 'no-disbursement', severity: 'error',
          message: `settlement ${s.settlement_id} pays out ${m(payout)} but no disbursement for it is in the store (run sync, or it is not paid yet)`,
          details: { payout: s.payout, currency: s.currency },
        });
      }
      continue;
    }
    const ids = disbursements.map((d) => d.amazon_disbursement_reference_id).join(', ');
    const currencies = [...new Set(disbursements.map((d) => d.currency_code))];
    if (currencies.length !== 1 || currencies[0] !== s.currency) {
      issues.push({
        ...where, code: 'currency-mismatch', severity: 'error',
        message: `settlement ${s.settlement_id} is in ${s.currency} but disbursement ${ids} is in ${currencies.join(', ')}`,
        details: { amazonDisbursementReferenceId: ids, currency: s.currency, disbursementCurrency: currencies.join(',') },
      });
      continue;
    }
    const unreadable = disbursements.find((d) => !isMoney(d.amount, d.currency_code));
    if (unreadable) {
      issues.push({
        ...where, code: 'payout-mismatch', severity: 'error',
        message: `settlement ${s.settlement_id}: disbursement ${unreadable.amazon_disbursement_reference_id} has an unreadable amount ${JSON.stringify(unreadable.amount)}`,
        details: { amazonDisbursementReferenceId: unreadable.amazon_disbursement_reference_id, disbursed: unreadable.amount },
      });
      continue;
    }
    const paid = disbursements.reduce((sum, d) => sum + parseMoney(d.amount, d.currency_code), 0n);
    if (paid !== payout) {
      issues.push({
        ...where, code: 'payout-mismatch', severity: 'error',
        message: `settlement ${s.settlement_id} pays out ${m(payout)} but disbursement ${ids} is ${m(paid)} (difference ${m(payout - paid)})`,
        details: { amazonDisbursementReferenceId: ids, payout: s.payout, disbursed: formatMinor(paid, s.currency), currency: s.currency },
      });
    }
  }

  issues.push(...duplicates(all, only));
  issues.push(...periodIssues(active, only, options.gapToleranceMs ?? 60_000));
  if (only === undefined) issues.push(...orphanDisbursements(db), ...notImported(db));
  return { ok: !issues.some((i) => i.severity === 'error'), settlementsChecked: checked.length, issues };
}

interface Listing {
  start_time: string | null;
  end_time: string | null;
}

/** The file's SettlementStart/EndDate against the report's startTime/endTime from the listing (peers.md §5 item 10). */
function periodVsListing(s: SettlementRow, listing: Listing | undefined, toleranceMs: number): ReconcileIssue[] {
  if (!listing || !s.start_at || !s.end_at) return [];
  const out: ReconcileIssue[] = [];
  for (const [what, file, listed] of [['start', s.start_at, listing.start_time], ['end', s.end_at, listing.end_time]] as const) {
    if (!listed) continue;
    if (Math.abs(Date.parse(file) - Date.parse(listed)) > toleranceMs) {
      out.push({
        settlementId: s.settlement_id, reportId: s.report_id, code: 'period-mismatch', severity: 'warning',
        message: `settlement ${s.settlement_id}: the file's period ${what} ${file} differs from the report listing's ${listed}`,
        details: { file, listing: listed },
      });
    }
  }
  return out;
}

/** SettlementIds held by more than one report: an error when the copies disagree, a warning when identical. */
function duplicates(all: SettlementRow[], only: string | undefined): ReconcileIssue[] {
  const byId = new Map<string, SettlementRow[]>();
  for (const s of all) {
    if (only !== undefined && s.settlement_id !== only) continue;
    byId.set(s.settlement_id, [...(byId.get(s.settlement_id) ?? []), s]);
  }
  const out: ReconcileIssue[] = [];
  for (const [id, copies] of byId) {
    if (copies.length < 2) continue;
    const first = copies[0] as SettlementRow;
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

/** Gaps and overlaps between consecutive live settlement periods of the same seller and currency. */
function periodIssues(active: SettlementRow[], only: string | undefined, toleranceMs: number): ReconcileIssue[] {
  const groups = new Map<string, SettlementRow[]>();
  for (const s of active) {
    if (!s.start_at || !s.end_at || s.report_type === REPORT_TYPES['sandbox-settlement']) continue;
    const key = `${s.seller_id ?? ''}\u0000${s.currency}`;
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const out: ReconcileIssue[] = [];
  for (const list of groups.values()) {
    list.sort((a, b) => (a.start_at as string).localeCompare(b.start_at as string) || a.settlement_id.localeCompare(b.settlement_id));
    for (let i = 1; i < list.length; i++) {
      const a = list[i - 1] as SettlementRow;
      const b = list[i] as SettlementRow;
      if (only !== undefined && a.settlement_id !== only && b.settlement_id !== only) continue;
      const delta = Date.parse(b.start_at as string) - Date.parse(a.end_at as string);
      if (delta > toleranceMs) {
        out.push({
          settlementId: b.settlement_id, code: 'gap', severity: 'error',
          message: `gap of ${duration(delta)} between settlement ${a.settlement_id} (ends ${a.end_at}) and ${b.settlement_id} (starts ${b.start_at}): a settlement report may be missing`,
          details: { previous: a.settlement_id, previousEnd: a.end_at, next: b.settlement_id, nextStart: b.start_at },
        });
      } else if (delta < -toleranceMs) {
        out.push({
          settlementId: b.settlement_id, code: 'overlap', severity: 'error',
          message: `settlement ${b.settlement_id} (starts ${b.start_at}) overlaps ${a.settlement_id} (ends ${a.end_at}) by ${duration(-delta)}`,
          details: { previous: a.settlement_id, previousEnd: a.end_at, next: b.settlement_id, nextStart: b.start_at },
        });
      }
    }
  }
  return out;
}

/** Disbursements whose settlement report is not in the store (not downloaded yet, or lost). */
function orphanDisbursements(db: Database): ReconcileIssue[] {
  const rows = db.prepare(`SELECT * FROM disbursements d WHERE NOT EXISTS (SELECT 1 FROM settlements s WHERE s.settlement_id = d.settlement_id)
    ORDER BY transaction_time`).all() as DisbursementRow[];
  return rows.map((d) => ({
    settlementId: d.settlement_id, code: 'missing-settlement' as const, severity: 'warning' as const,
    message: `disbursement ${d.amazon_disbursement_reference_id} (${d.amount} ${d.currency_code}, ${d.transaction_time}) is for settlement ${d.settlement_id}, whose report is not in the store`,
    details: { amazonDisbursementReferenceId: d.amazon_disbursement_reference_id, amount: d.amount, currency: d.currency_code },
  }));
}

/** Settlement files on disk whose import never succeeded: their rows are missing from every total. */
function notImported(db: Database): ReconcileIssue[] {
  const rows = db.prepare(`SELECT report_id, file_path FROM reports r
    WHERE r.report_type IN (?, ?) AND r.file_path IS NOT NULL
      AND NOT EXISTS (SELECT 1 FROM report_imports i WHERE i.report_id = r.report_id)
    ORDER BY r.created_time`).all(REPORT_TYPES.settlement, REPORT_TYPES['sandbox-settlement']) as Array<{ report_id: string; file_path: string }>;
  return rows.map((r) => ({
    reportId: r.report_id, code: 'not-imported' as const, severity: 'error' as const,
    message: `settlement report ${r.report_id} was downloaded (${r.file_path}) but never imported: run \`amazon-pay-reports parse ${r.file_path}\` to see why`,
  }));
}

function isMoney(text: string, currency: string): boolean {
  try {
    parseMoney(text, currency);
    return true;
  } catch {
    return false;
  }
}

function duration(ms: number): string {
  const s = Math.round(ms / 1000);
  if (s < 120) return `${s} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  return `${(s / 3600).toFixed(1)} h`;
}
