import type { HeaderIndex } from './header-index.js';
import { currencyExponent, MoneyFormatError, MoneyReader } from './money.js';
import type { ParseWarning, SettlementRecord } from './parsed-record.js';

/** The 15 settlement columns (report-formats.md §3.2), in file order. */
export const SETTLEMENT_COLUMNS = [
  'TransactionPostedDate', 'SettlementId', 'AmazonTransactionId', 'SellerReferenceId', 'TransactionType',
  'AmazonOrderReferenceId', 'SellerOrderId', 'StoreName', 'CurrencyCode', 'TransactionDescription',
  'TransactionAmount', 'TransactionPercentageFee', 'TransactionFixedFee', 'TotalTransactionFee', 'NetTransactionAmount',
] as const;

/** Period bounds for the "row inside the settlement period" check, as epoch ms. */
export interface SettlementPeriod {
  startMs: number;
  endMs: number;
}

/**
 * Turns a settlement row's cells into a SettlementRecord and runs the per-row identities
 * `TotalFee = PercentageFee + FixedFee` and `Net = Amount + TotalFee` (exact, in minor units).
 * Identity and period violations are warnings; unreadable cells throw ReportParseError.
 */
export class SettlementRowReader {
  private readonly ix: number[];
  private readonly unused: number[];
  private readonly money = new MoneyReader();
  private readonly minors: bigint[] = [0n, 0n, 0n, 0n, 0n];
  private readonly texts: string[] = ['', '', '', '', ''];
  /** The last row's currency and its exponent: a file has one, so the lookup is done once. */
  private currency = '';
  private exponent = 2;

  constructor(
    private readonly header: HeaderIndex,
    private readonly warn: (w: ParseWarning) => void,
    private readonly period: SettlementPeriod | undefined,
    private readonly periodToleranceMs: number,
  ) {
    this.ix = SETTLEMENT_COLUMNS.map((c) => header.require(c));
    this.unused = header.unused();
  }

  /** Reads one data row. */
  read(cells: string[], line: number): SettlementRecord {
    const h = this.header;
    const ix = this.ix as [number, number, number, number, number, number, number, number, number, number, number, number, number, number, number];
    const posted = h.timestamp(cells, ix[0], line);
    const currency = h.nonEmpty(cells, ix[8], line);
    if (currency !== this.currency) {
      this.exponent = currencyExponent(currency);
      this.currency = currency;
    }
    // TransactionAmount … NetTransactionAmount, read into two reused arrays (no allocation per row).
    const minor = this.minors;
    const text = this.texts;
    for (let k = 0; k < 5; k++) {
      this.amount(cells, ix[10 + k] as number, line);
      minor[k] = this.money.minor;
      text[k] = this.money.text;
    }
    const amount = minor[0] as bigint, pct = minor[1] as bigint, fixed = minor[2] as bigint, total = minor[3] as bigint, net = minor[4] as bigint;
    const record: SettlementRecord = {
      kind: 'settlement',
      line,
      postedAt: posted.iso,
      postedAtRaw: posted.raw,
      settlementId: h.nonEmpty(cells, ix[1], line),
      amazonTransactionId: h.text(cells, ix[2]),
      sellerReferenceId: h.text(cells, ix[3]),
      transactionType: h.nonEmpty(cells, ix[4], line),
      amazonOrderReferenceId: h.text(cells, ix[5]),
      sellerOrderId: h.text(cells, ix[6]),
      storeName: h.text(cells, ix[7]),
      currencyCode: currency,
      description: h.text(cells, ix[9]),
      amount: text[0] as string,
      percentageFee: text[1] as string,
      fixedFee: text[2] as string,
      totalFee: text[3] as string,
      net: text[4] as string,
    };
    const extra = h.extra(cells, this.unused);
    if (extra) record.extra = extra;

    if (pct + fixed !== total) {
      this.warn({
        code: 'fee-sum',
        line,
        message: `TotalTransactionFee ${record.totalFee} ≠ TransactionPercentageFee ${record.percentageFee} + TransactionFixedFee ${record.fixedFee}`,
      });
    }
    if (amount + total !== net) {
      this.warn({
        code: 'net-sum',
        line,
        message: `NetTransactionAmount ${record.net} ≠ TransactionAmount ${record.amount} + TotalTransactionFee ${record.totalFee}`,
      });
    }
    if (this.period) {
      const t = posted.ms;
      if (t < this.period.startMs - this.periodToleranceMs || t > this.period.endMs + this.periodToleranceMs) {
        this.warn({ code: 'outside-period', line, message: `TransactionPostedDate ${posted.raw} is outside the settlement period` });
      }
    }
    return record;
  }

  /** Reads an amount cell into `this.money`, or throws naming the column. */
  private amount(cells: string[], i: number, line: number): void {
    try {
      this.money.read(cells[i] ?? '', this.currency, this.exponent);
    } catch (e) {
      if (e instanceof MoneyFormatError) throw this.header.cellError(`${this.header.names[i]}: ${e.message}`, line, i);
      throw e;
    }
  }
}
