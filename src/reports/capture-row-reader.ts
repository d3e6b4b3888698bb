import type { HeaderIndex } from './header-index.js';
import type { CaptureRecord } from './parsed-record.js';

/**
 * Reads capture-report rows (report-formats.md §5.2). The 10 buyer/billing columns are not
 * known to be always present, so they (and anything else) land in `extra` by header name.
 */
export class CaptureRowReader {
  private readonly ix: number[];
  private readonly unused: number[];

  constructor(private readonly header: HeaderIndex) {
    const h = header;
    this.ix = [
      h.require('AmazonCaptureId'), h.optional('CaptureReferenceId'), h.optional('AmazonAuthorizationId'), h.optional('AmazonOrderReferenceId'),
      h.require('CaptureAmount'), h.require('CurrencyCode'), h.optional('SellerCaptureNote'), h.optional('CaptureStatus'),
      h.optional('LastUpdateTimestamp'), h.optional('ReasonCode'), h.optional('CreationTimestamp'),
    ];
    this.unused = header.unused();
  }

  /** Reads one data row. */
  read(cells: string[], line: number): CaptureRecord {
    const h = this.header;
    const [id, ref, auth, order, amount, currency, note, status, updated, reason, created] = this.ix as [
      number, number, number, number, number, number, number, number, number, number, number,
    ];
    const currencyCode = h.nonEmpty(cells, currency, line);
    const updatedAt = h.optionalTimestamp(cells, updated, line);
    const createdAt = h.optionalTimestamp(cells, created, line);
    const record: CaptureRecord = {
      kind: 'capture',
      line,
      amazonCaptureId: h.nonEmpty(cells, id, line),
      captureReferenceId: h.text(cells, ref),
      amazonAuthorizationId: h.text(cells, auth),
      amazonOrderReferenceId: h.text(cells, order),
      amount: h.money(cells, amount, currencyCode, line),
      currencyCode,
      sellerCaptureNote: h.text(cells, note),
      captureStatus: h.text(cells, status),
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
