import { parseMoney } from '../../reports/money.js';
import type { Store } from '../../store/store.js';
import type { BankLine } from './bank-line.js';

/** Money Amazon sent to the bank: a recorded disbursement, or a settlement's payout when none was recorded. */
export interface Payout {
  settlementId: string;
  /** The reference on the bank statement (amazonDisbursementReferenceId), when a disbursement was recorded. */
  reference: string | null;
  amount: string;
  currency: string;
  /** YYYY-MM-DD the money left Amazon (disbursement time, else the settlement end). */
  date: string;
}

export interface PayoutMatch {
  payout: Payout;
  line: BankLine;
  by: 'reference' | 'amount-and-date';
}

/** What matching found; `ok` when every payout in the statement's period has its bank line with the right amount. */
export interface BankMatchReport {
  ok: boolean;
  statement: { lines: number; from: string | null; to: string | null };
  matched: PayoutMatch[];
  /** Found by reference, but the bank line's amount is another. */
  wrongAmount: PayoutMatch[];
  unmatchedPayouts: Payout[];
  /** Bank lines that mention Amazon and match no payout. */
  unmatchedBankLines: BankLine[];
  /** Payouts dated outside the statement's period, or in a currency it does not hold (not looked for). */
  outsideStatement: number;
}

export interface MatchOptions {
  /** Days a bank line may be booked after the payout date (default 5) or before it (1). */
  windowDays?: number;
  settlementId?: string;
}

const DAY = 86_400_000;
const AMAZON = /amazon|amzn/i;

/** The store's payouts: one per disbursement, plus settlements that paid out without one recorded. */
export async function storePayouts(store: Store, settlementId?: string): Promise<Payout[]> {
  const filter = settlementId === undefined ? {} : { settlementId };
  const disbursements = await store.listDisbursements(filter);
  const payouts: Payout[] = disbursements.map((d) => ({
    settlementId: d.settlementId, reference: d.amazonDisbursementReferenceId, amount: d.amount, currency: d.currencyCode, date: d.transactionTime.slice(0, 10),
  }));
  const disbursed = new Set(disbursements.map((d) => d.settlementId));
  for (const s of await store.listSettlements({ activeOnly: true, ...filter })) {
    if (disbursed.has(s.settlementId) || s.transferCount === 0 || parseMoney(s.payout, s.currency) === 0n) continue;
    payouts.push({ settlementId: s.settlementId, reference: null, amount: s.payout, currency: s.currency, date: (s.endAt ?? s.lastPostedAt ?? '').slice(0, 10) });
  }
  return payouts.sort((a, b) => a.date.localeCompare(b.date) || a.settlementId.localeCompare(b.settlementId));
}

/**
 * Matches each payout to one bank line: first by its reference or settlement id in the line's
 * text, then by the exact amount within a date window (the nearest date wins). Each bank line
 * matches at most one payout.
 */
export function matchPayouts(payouts: readonly Payout[], lines: readonly BankLine[], options: MatchOptions = {}): BankMatchReport {
  const after = (options.windowDays ?? 5) * DAY;
  const before = DAY;
  const dates = lines.map((l) => l.date).sort();
  const from = dates[0] ?? null;
  const to = dates[dates.length - 1] ?? null;
  const inStatement = (p: Payout): boolean => from !== null && to !== null && Date.parse(p.date) + after >= Date.parse(from) && Date.parse(p.date) - before <= Date.parse(to);
  // A statement that names the currency of every line is one account's: other currencies go elsewhere.
  const currencies = lines.length > 0 && lines.every((l) => l.currency) ? new Set(lines.map((l) => (l.currency ?? '').toUpperCase())) : null;
  const scoped = payouts.filter((p) => options.settlementId === undefined || p.settlementId === options.settlementId);
  const wanted = scoped.filter((p) => (currencies === null || currencies.has(p.currency.toUpperCase())) && inStatement(p));
  const used = new Set<BankLine>();
  const matched: PayoutMatch[] = [];
  const wrongAmount: PayoutMatch[] = [];
  const open: Payout[] = [];
  const squash = (s: string): string => s.replace(/\s+/g, '').toUpperCase();
  for (const payout of wanted) {
    const keys = [payout.reference, payout.settlementId].filter((k): k is string => k !== null && k !== '').map(squash);
    const line = lines.find((l) => !used.has(l) && keys.some((k) => squash(l.text).includes(k)));
    if (line === undefined) {
      open.push(payout);
      continue;
    }
    used.add(line);
    (sameAmount(line, payout) ? matched : wrongAmount).push({ payout, line, by: 'reference' });
  }
  const unmatchedPayouts: Payout[] = [];
  for (const payout of open) {
    const t = Date.parse(payout.date);
    const candidates = lines
      .filter((l) => !used.has(l) && sameAmount(l, payout) && Date.parse(l.date) >= t - before && Date.parse(l.date) <= t + after)
      .sort((a, b) => Math.abs(Date.parse(a.date) - t) - Math.abs(Date.parse(b.date) - t));
    const line = candidates[0];
    if (line === undefined) {
      unmatchedPayouts.push(payout);
      continue;
    }
    used.add(line);
    matched.push({ payout, line, by: 'amount-and-date' });
  }
  const unmatchedBankLines = lines.filter((l) => !used.has(l) && AMAZON.test(l.text));
  return {
    ok: unmatchedPayouts.length === 0 && wrongAmount.length === 0,
    statement: { lines: lines.length, from, to },
    matched, wrongAmount, unmatchedPayouts, unmatchedBankLines, outsideStatement: scoped.length - wanted.length,
  };
}

/** The bank line credits exactly the payout (in the payout's currency; a line in another currency never matches). */
function sameAmount(line: BankLine, payout: Payout): boolean {
  if (line.currency !== null && line.currency !== '' && line.currency.toUpperCase() !== payout.currency.toUpperCase()) return false;
  try {
    return parseMoney(line.amount, payout.currency) === parseMoney(payout.amount, payout.currency);
  } catch {
    return false; // more decimals than the currency has: not this payout
  }
}
