import type { HeaderIndex } from './header-index.js';
import type { RefundRecord } from './parsed-record.js';

/** Reads refund-report rows (report-formats.md §5.1); only the id, amount and currency columns are required. */
export class RefundRowReader {
  private readonly ix: number[];
  private readonly unused: number[];

  constructor(private readonly header: HeaderIndex) {
    const h = header;
    this.ix = [
      h.require('AmazonRefundId'), h.optional('RefundReferenceId'), h.optional('AmazonCaptureId'), h.optional('AmazonOrderReferenceId'),
      h.require('RefundAmount'), h.require('CurrencyCode'), h.optional('SellerRefundNote'), h.optional('RefundType'),
      h.optional('RefundStatus'), h.optional('LastUpdateTimestamp'), h.optional('ReasonCode'), h.optional('CreationTimestamp'),
    ];
    this.unused = header.unused();
  }

  /** Reads one data row. */
  read(cells: string[], line: number): RefundRecord {
    const h = this.header;
    const [id, ref, cap, order, amount, currency, note, type, status, updated, reason, created] = this.ix as [
      number, number, number, number, number, number, number, number, number, number, number, number,
    ];
    const currencyCode = h.nonEmpty(cells, currency, line);
    const updatedAt = h.optionalTimestamp(cells, updated, line);
    const createdAt = h.optionalTimestamp(cells, created, line);
    const record: RefundRecord = {
      kind: 'refund',
      line,
      amazonRefundId: h.nonEmpty(cells, id, line),
      refundReferenceId: h.text(cells, ref),
      amazonCaptureId: h.text(cells, cap),
      amazonOrderReferenceId: h.text(cells, order),
      amount: h.money(cells, amount, currencyCode, line),
      currencyCode,
      sellerRefundNote: h.text(cells, note),
      refundType: h.text(cells, type),
      refundStatus: h.text(cells, status),
      lastUpdatedAt: updatedAt?.iso ?? null,
      lastUpdatedAtRaw: updatedAt?.raw ?? null,
      reasonCode: h.text(cells, reason),
      createdAt: createdAt?.iso ?? null,
      createdAtRaw: createdAt?.raw ?? null,
    };
    const extra = h.extra(cells, this.unused);
    if (extra) record.extra = extra;
    return record;
  }
}
