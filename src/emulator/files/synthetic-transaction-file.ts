/**
 * SYNTHETIC layouts for the transaction reports whose real columns are unknown (report-formats.md
 * §5.2–§5.5, §6): authorization, order reference, billing agreement, capture and multi-currency.
 * THE REAL LAYOUT OF THESE FILES IS UNKNOWN. Column names below are placeholders chosen by analogy
 * with the refund report (one quoted header row, quoted cells, newest first); the capture columns
 * come from one 2018 script, the authorization ones are the spec's proposed placeholder. Parsers
 * must not rely on them; they exist so that every report type yields a downloadable file.
 */
import { chunked, csvLine } from './csv-line.js';
import { currencyExponent } from '../../reports/money.js';
import { regionProfile } from '../regions.js';
import { fileTimeFormatter, specZone } from './file-time.js';
import { formatAmount } from './money.js';
import type { TransactionFileSpec } from './transaction-file-spec.js';
import { createPrng, type Prng } from '../prng.js';

/** Report types whose file layout is synthetic (real columns unknown). */
export type SyntheticReportKind = 'authorization' | 'order-reference' | 'billing-agreement' | 'capture' | 'multi-currency';

interface Layout {
  columns: readonly string[];
  row(ctx: RowContext): string[];
}

interface RowContext {
  rng: Prng;
  orderRef: string;
  amount: string;
  currency: string;
  /** Zero in the currency's format (`0.00`, JPY `0`). */
  zero: string;
  updated: string;
  created: string;
}

const LAYOUTS: Record<SyntheticReportKind, Layout> = {
  authorization: {
    columns: ['AmazonAuthorizationId', 'AuthorizationReferenceId', 'AmazonOrderReferenceId', 'AuthorizationAmount', 'CapturedAmount', 'CurrencyCode', 'SellerAuthorizationNote', 'AuthorizationStatus', 'LastUpdateTimestamp', 'ReasonCode', 'CreationTimestamp', 'ExpirationTimestamp'],
    row: ({ rng, orderRef, amount, currency, zero, updated, created }) => {
      const status = rng.pick(['Open', 'Closed', 'Closed', 'Declined', 'Pending']);
      const reason = status === 'Closed' ? 'MaxAmountCaptured' : status === 'Declined' ? rng.pick(['InvalidPaymentMethod', 'AmazonRejected', 'TransactionTimedOut']) : '';
      return [`${orderRef}-A0${rng.digits(5)}`, `auth-${rng.digits(5)}`, orderRef, amount, status === 'Closed' ? amount : zero, currency, '', status, updated, reason, created, created];
    },
  },
  'order-reference': {
    columns: ['AmazonOrderReferenceId', 'SellerOrderId', 'StoreName', 'OrderReferenceStatus', 'OrderTotal', 'CurrencyCode', 'LastUpdateTimestamp', 'ReasonCode', 'CreationTimestamp', 'ShippingAddressCity', 'ShippingAddressStateOrRegion', 'ShippingAddressPostalCode', 'ShippingAddressCountryCode'],
    row: ({ rng, orderRef, amount, currency, updated, created }) => {
      const status = rng.pick(['Open', 'Closed', 'Closed', 'Suspended', 'Canceled']);
      return [orderRef, rng.digits(5), 'Example Outfitters', status, amount, currency, updated, status === 'Closed' ? 'SellerClosed' : '', created, 'Seattle', 'WA', '98101', 'US'];
    },
  },
  'billing-agreement': {
    columns: ['AmazonBillingAgreementId', 'SellerBillingAgreementId', 'StoreName', 'BillingAgreementStatus', 'LastUpdateTimestamp', 'ReasonCode', 'CreationTimestamp'],
    row: ({ rng, updated, created }) => {
      const status = rng.pick(['Open', 'Open', 'Closed', 'Suspended']);
      return [`C01-${rng.digits(7)}-${rng.digits(7)}`, `sub-${rng.digits(4)}`, 'Example Outfitters', status, updated, status === 'Closed' ? 'SellerClosed' : '', created];
    },
  },
  capture: {
    columns: ['AmazonCaptureId', 'CaptureReferenceId', 'AmazonAuthorizationId', 'AmazonOrderReferenceId', 'CaptureAmount', 'CurrencyCode', 'SellerCaptureNote', 'CaptureStatus', 'LastUpdateTimestamp', 'ReasonCode', 'CreationTimestamp', 'BuyerName', 'BuyerEmailAddress', 'BillingAddressLine1', 'BillingAddressLine2', 'BillingAddressLine3', 'BillingAddressCity', 'BillingAddressDistrictOrCounty', 'BillingAddressStateOrRegion', 'BillingAddressPostalCode', 'BillingAddressCountryCode'],
    row: ({ rng, orderRef, amount, currency, updated, created }) => {
      const n = rng.digits(5);
      const status = rng.pick(['Completed', 'Completed', 'Declined', 'Closed']);
      return [`${orderRef}-C0${n}`, `cap-${rng.digits(5)}`, `${orderRef}-A0${n}`, orderRef, amount, currency, '', status, updated, status === 'Declined' ? 'AmazonRejected' : '', created, '', '', '', '', '', '', '', '', '', ''];
    },
  },
  'multi-currency': {
    columns: ['AmazonTransactionId', 'AmazonOrderReferenceId', 'TransactionType', 'TransactionTimestamp', 'PresentmentAmount', 'PresentmentCurrency', 'TransactionAmount', 'LedgerCurrency', 'ConversionRate'],
    row: ({ rng, orderRef, amount, currency, updated }) => {
      const presentment = rng.pick(['AUD', 'DKK', 'HKD', 'JPY', 'NZD', 'NOK', 'SEK', 'CHF', 'USD']);
      const rate = `${rng.range(1, 9)}.${rng.digits(4)}`;
      return [`${orderRef}-C0${rng.digits(5)}`, orderRef, rng.pick(['Capture', 'Capture', 'Refund']), updated, amount, presentment, amount, currency === 'USD' ? 'EUR' : currency, rate];
    },
  },
};

/** Header names of a synthetic layout. */
export function syntheticColumns(kind: SyntheticReportKind): readonly string[] {
  return LAYOUTS[kind].columns;
}

/** Data rows of a synthetic report, newest first. */
export function* syntheticRows(kind: SyntheticReportKind, spec: TransactionFileSpec): Generator<string[]> {
  const layout = LAYOUTS[kind];
  const rng = createPrng('synthetic', kind, spec.seed, spec.fileId);
  const count = spec.rows ?? rng.range(10, 40);
  const time = fileTimeFormatter(specZone(spec));
  const currency = spec.currency ?? regionProfile(spec.region).currency;
  const exponent = currencyExponent(currency);
  const prefix = spec.sandbox ? 'S01' : 'P01';
  const startMs = spec.start.getTime();
  const span = Math.max(0, spec.end.getTime() - startMs);
  for (let i = count - 1; i >= 0; i--) {
    const updatedMs = startMs + Math.floor(((i + rng.next()) * span) / count);
    const createdMs = Math.max(startMs, updatedMs - rng.range(60, 3600) * 1000);
    yield layout.row({
      rng, orderRef: `${prefix}-${rng.digits(7)}-${rng.digits(7)}`, amount: formatAmount(rng.range(500, 50_000), exponent),
      currency, zero: formatAmount(0, exponent), updated: time(updatedMs), created: time(createdMs),
    });
  }
}

/** A synthetic report file as text chunks: one header row, then rows. */
export function* syntheticTransactionFile(kind: SyntheticReportKind, spec: TransactionFileSpec): Generator<string> {
  yield csvLine(LAYOUTS[kind].columns);
  yield* chunked(lines(kind, spec));
}

function* lines(kind: SyntheticReportKind, spec: TransactionFileSpec): Generator<string> {
  for (const cells of syntheticRows(kind, spec)) yield csvLine(cells);
}
