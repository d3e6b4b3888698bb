import { formatMinor, parseMoney } from '../reports/money.js';
import type { Store } from '../store/store.js';
import type { StoredSettlement } from '../store/stored-report.js';

/** Fees of one transaction type in one currency: how many rows, on what amount, percentage and fixed parts. */
export interface FeeLine {
  currency: string;
  transactionType: string;
  rows: number;
  amount: string;
  percentageFee: string;
  fixedFee: string;
  totalFee: string;
}

const FIELDS = ['amount', 'percentageFee', 'fixedFee', 'totalFee'] as const;

/** Sums the rows of the given settlements (active copies) by currency and type, reading them in the store's batches. */
export async function feeBreakdown(store: Store, settlements: readonly StoredSettlement[]): Promise<FeeLine[]> {
  const wanted = new Set(settlements.map((s) => `${s.reportId}\u0000${s.settlementId}`));
  const posted = settlements.flatMap((s) => [s.firstPostedAt, s.lastPostedAt]).filter((t): t is string => t !== null).sort();
  const sums = new Map<string, { currency: string; type: string; rows: number; minor: Record<(typeof FIELDS)[number], bigint> }>();
  const first = posted[0];
  if (first === undefined) return [];
  // The store bounds times to the second: one second past the last row includes it.
  const until = new Date(Date.parse(posted[posted.length - 1] ?? '') + 1000).toISOString();
  for await (const batch of store.settlementRows({ since: first, until })) {
    for (const r of batch) {
      if (!wanted.has(`${r.reportId}\u0000${r.settlementId}`)) continue;
      const key = `${r.currencyCode}\u0000${r.transactionType}`;
      const line = sums.get(key) ?? { currency: r.currencyCode, type: r.transactionType, rows: 0, minor: { amount: 0n, percentageFee: 0n, fixedFee: 0n, totalFee: 0n } };
      line.rows++;
      for (const f of FIELDS) line.minor[f] += parseMoney(r[f], r.currencyCode);
      sums.set(key, line);
    }
  }
  return [...sums.values()].sort((a, b) => a.currency.localeCompare(b.currency) || a.type.localeCompare(b.type)).map((l) => ({
    currency: l.currency, transactionType: l.type, rows: l.rows,
    amount: formatMinor(l.minor.amount, l.currency), percentageFee: formatMinor(l.minor.percentageFee, l.currency),
    fixedFee: formatMinor(l.minor.fixedFee, l.currency), totalFee: formatMinor(l.minor.totalFee, l.currency),
  }));
}
