/**
 * Synthetic refund transaction report (report-formats.md §5.1): no BOM, no preamble, one header
 * row of 12 quoted names without a trailing comma, every cell quoted, newest rows first. A refund
 * that completed appears twice — its Completed row, then its earlier Pending row — because the
 * report lists state changes. Only the states the real fixtures show (Pending, Completed) are
 * written: a Declined refund is an API state no report sample contains. Values are invented; the
 * layout is the fixtures'.
 */
import { chunked, csvLine } from './csv-line.js';
import { currencyExponent } from '../../reports/money.js';
import { regionProfile } from '../regions.js';
import { fileTimeFormatter, specZone } from './file-time.js';
import { formatAmount } from './money.js';
import type { TransactionFileSpec } from './transaction-file-spec.js';
import { createPrng } from '../prng.js';

/** The refund report's 12 columns, in file order (report-formats.md §5.1). */
export const REFUND_COLUMNS = [
  'AmazonRefundId', 'RefundReferenceId', 'AmazonCaptureId', 'AmazonOrderReferenceId', 'RefundAmount', 'CurrencyCode',
  'SellerRefundNote', 'RefundType', 'RefundStatus', 'LastUpdateTimestamp', 'ReasonCode', 'CreationTimestamp',
] as const;

/** Data rows of the refund report, newest first, as cell arrays in REFUND_COLUMNS order. */
export function* refundRows(spec: TransactionFileSpec): Generator<string[]> {
  const rng = createPrng('refund', spec.seed, spec.fileId);
  const count = spec.rows ?? rng.range(10, 40);
  const time = fileTimeFormatter(specZone(spec));
  const currency = spec.currency ?? regionProfile(spec.region).currency;
  const exponent = currencyExponent(currency);
  const prefix = spec.sandbox ? 'S01' : 'P01';
  const startMs = spec.start.getTime();
  const span = Math.max(0, spec.end.getTime() - startMs);
  for (let i = count - 1; i >= 0; i--) {
    const updated = startMs + Math.floor(((i + rng.next()) * span) / count);
    const created = Math.max(startMs, updated - rng.range(60, 3 * 3600) * 1000);
    const orderRef = `${prefix}-${rng.digits(7)}-${rng.digits(7)}`;
    const refundId = `${orderRef}-R0${rng.digits(5)}`;
    const captureId = `${orderRef}-C0${rng.digits(5)}`;
    const reference = rng.next() < 0.5 ? `ref-${rng.digits(5)}` : `REFUND_${rng.digits(6)}`;
    const amount = formatAmount(rng.range(100, 30_000), exponent);
    const note = rng.pick(['', '', 'Returned item', 'Damaged in transit']);
    const type = rng.next() < 0.95 ? 'SellerInitiated' : 'BuyerInitiated';
    const cells = (status: string, at: number): string[] =>
      [refundId, reference, captureId, orderRef, amount, currency, note, type, status, time(at), '', time(created)];
    yield cells('Completed', updated);
    if (created < updated) yield cells('Pending', created);
  }
}

/** The refund report file as text chunks. */
export function* refundFile(spec: TransactionFileSpec): Generator<string> {
  yield csvLine(REFUND_COLUMNS);
  yield* chunked(lines(spec));
}

function* lines(spec: TransactionFileSpec): Generator<string> {
  for (const cells of refundRows(spec)) yield csvLine(cells);
}
