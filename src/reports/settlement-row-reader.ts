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
    const m = this.money;
    this.amount(cells, ix[10], line);
    const amount = m.minor;
    const amountText = m.text;
    this.amount(cells, ix[11], line);
    const pct = m.minor;
    const pctText = m.text;
    this.amount(cells, ix[12], line);
    const fixed = m.minor;
    const fixedText = m.text;
    this.amount(cells, ix[13], line);
    const total = m.minor;
    const totalText = m.text;
    this.amount(cells, ix[14], line);
    const net = m.minor;
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
      amount: amountText,
      percentageFee: pctText,
      fixedFee: fixedText,
      totalFee: totalText,
      net: m.text,
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
