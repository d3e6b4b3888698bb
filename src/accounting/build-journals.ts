import { parseMoney } from '../reports/money.js';
import type { Store } from '../store/store.js';
import type { ExportedRow, StoredSettlement } from '../store/stored-report.js';
import { ACCOUNT_CATEGORIES, amountCategory, type AccountCategory } from './account-category.js';
import type { AccountsConfig } from './accounts.js';
import type { Journal, JournalFlag, JournalOptions, Posting } from './journal.js';
import { lastDayOfMonth, localDater, type LocalDater } from './local-date.js';

/** What a summary line says for each category. */
const SUMMARY_TEXT: Record<AccountCategory, string> = {
  revenue: 'Amazon Pay sales', refunds: 'Amazon Pay refunds', feesPercentage: 'Amazon Pay fees (percentage)',
  feesFixed: 'Amazon Pay fees (fixed)', feesOther: 'Amazon Pay fees (other)', chargebacks: 'Amazon Pay chargebacks',
  adjustments: 'Amazon Pay adjustments', reserve: 'Amazon Pay reserve', suspense: 'Amazon Pay unclassified',
  bank: 'Amazon Pay payout', clearing: 'Amazon Pay clearing',
};

/**
 * The journals of every active settlement the options select, ordered by period start: one per
 * settlement, or one per month of it when it spans a month end. Reads the store one settlement
 * at a time.
 */
export async function* buildJournals(store: Store, options: JournalOptions): AsyncGenerator<Journal> {
  const dater = localDater(options.timeZone);
  const settlements = await store.listSettlements({ activeOnly: true, ...(options.settlementId === undefined ? {} : { settlementId: options.settlementId }) });
  for (const s of settlements) {
    const end = s.endAt ?? s.lastPostedAt;
    if (options.since !== undefined && (end === null || end < options.since)) continue;
    if (options.until !== undefined && (end === null || end >= options.until)) continue;
    yield* settlementJournals(s, await rowsOf(store, s), options, dater);
  }
}

/** The stored rows of one settlement copy, in posted order. */
async function rowsOf(store: Store, s: StoredSettlement): Promise<ExportedRow[]> {
  if (s.firstPostedAt === null || s.lastPostedAt === null) return [];
  // One second on, spelt as the store spells times (no milliseconds sorts after "…40.001Z").
  const next = new Date(Date.parse(s.lastPostedAt) + 1000).toISOString();
  const until = s.lastPostedAt.includes('.') ? next : next.replace(/\.\d{3}Z$/, 'Z');
  const rows: ExportedRow[] = [];
  for await (const batch of store.settlementRows({ since: s.firstPostedAt, until })) {
    for (const row of batch) if (row.settlementId === s.settlementId && row.reportId === s.reportId) rows.push(row);
  }
  return rows;
}

/** Builds the journals of one settlement from its rows (exported for tests over hand-made rows). */
export function settlementJournals(s: StoredSettlement, rows: readonly ExportedRow[], options: JournalOptions, dater: LocalDater = localDater(options.timeZone)): Journal[] {
  const { accounts } = options;
  const byMonth = new Map<string, Posting[]>();
  const unknown = new Map<string, number>();
  let settlementClearing = 0n;
  let transfers = 0;
  for (const row of rows) {
    const date = dater(row.postedAt, row.postedAtRaw);
    const month = date.slice(0, 7);
    const postings = byMonth.get(month) ?? [];
    byMonth.set(month, postings);
    for (const p of rowPostings(row, date, accounts)) {
      postings.push(p);
      settlementClearing -= p.amount;
    }
    if (row.transactionType === 'Transfer') transfers++;
    if (amountCategory(row.transactionType) === 'suspense') unknown.set(row.transactionType, (unknown.get(row.transactionType) ?? 0) + 1);
  }
  const endDate = s.endAt === null ? null : dater(s.endAt, s.endRaw);
  const flags: JournalFlag[] = [];
  if (transfers === 0 || settlementClearing !== 0n) flags.push('not-paid-out');
  if (unknown.size > 0) flags.push('suspense');
  if (rows.length !== s.rowCount) flags.push('rows-missing');
  // A settlement without rows still gets its (empty, flagged) journal: listed, never hidden.
  const months = byMonth.size > 0 ? [...byMonth.keys()].sort() : [(endDate ?? (s.startAt ?? '1970-01-01').slice(0, 10)).slice(0, 7)];
  return months.map((month, i) => {
    const postings = byMonth.get(month) ?? [];
    const lastRowDate = postings.reduce((max, p) => (p.date > max ? p.date : max), '');
    const date = endDate?.startsWith(month) ? endDate : endDate !== null && month < endDate ? lastDayOfMonth(month) : lastRowDate || lastDayOfMonth(month);
    return {
      settlementId: s.settlementId, reportId: s.reportId, sellerId: s.sellerId, currency: s.currency, date, month,
      part: i + 1, parts: months.length, start: s.startAt, end: s.endAt, clearing: accounts.accounts.clearing,
      postings: options.detail ? postings : summarise(postings, date, s.settlementId, accounts),
      settlementClearing, flags: [...flags], unknownTypes: [...unknown].map(([transactionType, n]) => ({ transactionType, rows: n })),
    };
  });
}

/**
 * A row's bookings against clearing, which moves by the row's Net: the amount to its category,
 * each fee kind to its fee account, and any difference between Net and amount + fee (a row that
 * does not add up) to suspense, so clearing always moves by exactly what Amazon says.
 */
function rowPostings(row: ExportedRow, date: string, accounts: AccountsConfig): Posting[] {
  const c = row.currencyCode;
  const amount = parseMoney(row.amount, c);
  const pct = parseMoney(row.percentageFee, c);
  const fixed = parseMoney(row.fixedFee, c);
  const total = parseMoney(row.totalFee, c);
  const net = parseMoney(row.net, c);
  const text = [row.transactionType, row.sellerOrderId ?? row.amazonOrderReferenceId, row.storeName, row.description].filter(Boolean).join(' ');
  const reference = row.amazonTransactionId ?? row.settlementId;
  const parts: Array<[AccountCategory, bigint, string]> = [
    [amountCategory(row.transactionType), amount, text],
    ['feesPercentage', pct, `${text} fee`],
    ['feesFixed', fixed, `${text} fixed fee`],
    ['feesOther', total - pct - fixed, `${text} other fee`],
    ['suspense', net - amount - total, `${text}: net differs from amount + fee`],
  ];
  return parts.filter(([, v]) => v !== 0n).map(([category, v, t]) => ({ date, category, account: accounts.accounts[category], amount: -v, text: t, reference }));
}

/** One posting per category (and account) with the month's sum, zero sums left out. */
function summarise(postings: readonly Posting[], date: string, settlementId: string, accounts: AccountsConfig): Posting[] {
  const sums = new Map<AccountCategory, bigint>();
  for (const p of postings) sums.set(p.category, (sums.get(p.category) ?? 0n) + p.amount);
  return ACCOUNT_CATEGORIES.filter((c) => (sums.get(c) ?? 0n) !== 0n).map((category) => ({
    date, category, account: accounts.accounts[category], amount: sums.get(category) ?? 0n,
    text: `${SUMMARY_TEXT[category]} ${settlementId}`, reference: settlementId,
  }));
}
