import type { Disbursement } from '../client/types.js';
import { parseTime, formatIso } from '../dates.js';
import type { SettlementSummary } from '../reconcile/settlement-summaries.js';
import type { Column } from './output.js';

/** A settlement summary plus when its payout was sent: what `settlements --json` prints. */
export type SettlementWithPayout = SettlementSummary & {
  /** The matching disbursement's transactionTime (the latest, when there are several), ISO 8601 UTC; null before Amazon lists one. */
  payoutTime: string | null;
};

/** Joins each summary to the stored disbursements for its settlement id; takes the Store's answer as it comes, plain or promised. */
export async function withPayoutTimes(
  list: readonly SettlementSummary[],
  disbursements: readonly Disbursement[] | Promise<readonly Disbursement[]>,
): Promise<SettlementWithPayout[]> {
  const latest = new Map<string, string>();
  for (const d of await disbursements) {
    const t = parseTime(d.transactionTime);
    if (!t) continue;
    const iso = formatIso(t);
    const known = latest.get(d.settlementId);
    if (known === undefined || iso > known) latest.set(d.settlementId, iso);
  }
  return list.map((s) => ({ ...s, payoutTime: latest.get(s.settlementId) ?? null }));
}

/** Columns both tables share. */
const COLUMN = {
  settlementId: { key: 'settlementId', header: 'SETTLEMENT' },
  currency: { key: 'currency', header: 'CUR' },
  refunds: { key: 'refunds', header: 'REFUNDS', align: 'right' },
  fees: { key: 'fees', header: 'FEES', align: 'right' },
  net: { key: 'net', header: 'NET', align: 'right' },
} as const satisfies Record<string, Column>;

/** The default table: what a person reads off a settlement and matches to the bank statement. */
export const SETTLEMENT_COLUMNS: readonly Column[] = [
  COLUMN.settlementId,
  { key: 'period', header: 'PERIOD (UTC)' },
  COLUMN.currency,
  { key: 'captures', header: 'GROSS SALES', align: 'right' },
  COLUMN.refunds,
  COLUMN.fees,
  COLUMN.net,
  { key: 'payoutDate', header: 'PAYOUT DATE' },
  { key: 'amazonDisbursementReferenceId', header: 'BANK REFERENCE' },
];

/** `--all-columns`: every figure of the summary. */
export const ALL_SETTLEMENT_COLUMNS: readonly Column[] = [
  COLUMN.settlementId,
  { key: 'start', header: 'START (UTC)' },
  { key: 'end', header: 'END (UTC)' },
  COLUMN.currency,
  { key: 'rows', header: 'ROWS', align: 'right' },
  { key: 'captures', header: 'CAPTURES', align: 'right' },
  COLUMN.refunds,
  COLUMN.fees,
  ...(['chargebacks', 'adjustments', 'reserve'] as const).map((key): Column => ({ key, header: key.toUpperCase(), align: 'right' })),
  COLUMN.net,
  { key: 'payout', header: 'PAYOUT', align: 'right' },
  { key: 'disbursedAmount', header: 'DISBURSED', align: 'right' },
  { key: 'payoutTime', header: 'PAYOUT TIME (UTC)' },
  { key: 'amazonDisbursementReferenceId', header: 'DISBURSEMENT' },
  { key: 'status', header: 'STATUS' },
];

/** Table rows: the summaries with `period` and `payoutDate` (UTC dates) added; amounts stay the exact decimal strings. */
export function settlementTableRows(list: ReadonlyArray<Partial<SettlementWithPayout>>): Array<Record<string, unknown>> {
  const day = (iso: string | null | undefined): string => (iso ? iso.slice(0, 10) : '');
  return list.map((s) => ({
    ...s,
    period: s.start || s.end ? `${day(s.start)} – ${day(s.end)}` : '',
    payoutDate: day(s.payoutTime),
  }));
}
