import { parseMoney } from '../reports/money.js';
import type { SettlementRecord } from '../reports/parsed-record.js';
import { transactionCategory } from '../reports/transaction-category.js';

/** Per-settlement totals in minor units, built row by row in constant memory. */
export interface SettlementTotals {
  settlementId: string;
  currency: string;
  rowCount: number;
  captures: bigint;
  refunds: bigint;
  /** Σ TotalTransactionFee over all rows (negative = charged to the merchant). */
  fees: bigint;
  chargebacks: bigint;
  adjustments: bigint;
  reserve: bigint;
  /** Σ NetTransactionAmount of every non-Transfer row: what the settlement should pay out. */
  net: bigint;
  /** −Σ NetTransactionAmount of the Transfer rows: what it did pay out. */
  payout: bigint;
  transferCount: number;
  firstPostedAt: string | undefined;
  lastPostedAt: string | undefined;
}

/** Accumulates settlement records into per-SettlementId totals (exact bigint sums). */
export class SettlementAccumulator {
  private readonly bySettlement = new Map<string, SettlementTotals>();

  /** Adds one row. Amounts are the record's canonical strings, so parsing them cannot fail. */
  add(r: SettlementRecord): void {
    let t = this.bySettlement.get(r.settlementId);
    if (!t) {
      t = {
        settlementId: r.settlementId, currency: r.currencyCode, rowCount: 0, captures: 0n, refunds: 0n, fees: 0n,
        chargebacks: 0n, adjustments: 0n, reserve: 0n, net: 0n, payout: 0n, transferCount: 0, firstPostedAt: undefined, lastPostedAt: undefined,
      };
      this.bySettlement.set(r.settlementId, t);
    }
    t.rowCount++;
    const amount = parseMoney(r.amount, r.currencyCode);
    const net = parseMoney(r.net, r.currencyCode);
    t.fees += parseMoney(r.totalFee, r.currencyCode);
    const category = transactionCategory(r.transactionType);
    if (category === 'transfer') {
      t.payout -= net;
      t.transferCount++;
    } else {
      t[category] += amount;
      t.net += net;
    }
    if (t.firstPostedAt === undefined || r.postedAt < t.firstPostedAt) t.firstPostedAt = r.postedAt;
    if (t.lastPostedAt === undefined || r.postedAt > t.lastPostedAt) t.lastPostedAt = r.postedAt;
  }

  /** Totals per SettlementId, in first-seen order. */
  totals(): SettlementTotals[] {
    return [...this.bySettlement.values()];
  }
}
