/**
 * Synthetic settlement report files (report-formats.md §3, §4, §9). The byte layout follows the
 * real-format fixtures: UTF-8 BOM, a five-line preamble whose banner lines end with a comma, a
 * header of 15 quoted names plus a trailing comma, and 15 quoted cells per row without one.
 *
 * The month looks like a merchant's: card and Amazon-balance captures at the seller's tier rate
 * plus a fixed fee (cross-border cards cost more), partial and full refunds of earlier captures
 * that credit back their share of the percentage fee (not the fixed fee), chargebacks with a
 * chargeback fee, the previous reserve released at the start and a new one held at the end, all
 * in posted-time order, then the Transfer. Amounts are invented. Two conventions are ours, not
 * Amazon's documented behaviour: the Transfer row comes last, and Σ NetTransactionAmount over the
 * file is 0 (the Transfer pays out everything, report-formats.md §3.5 "INFERENCE"). Sandbox files
 * have the same shape without Reserve and Transfer rows (§4: unverified whether sandbox has them).
 *
 * Rows are generated one at a time from a seeded PRNG (only the last few captures are
 * remembered, for their refunds), so files of millions of rows stream in constant memory and the
 * same spec always yields the same bytes.
 */
import { currencyExponent } from '../../reports/money.js';
import { csvLine } from './csv-line.js';
import { fileTimeFormatter, specZone } from './file-time.js';
import { formatAmount, formatFeeAmount, parseAmount } from './money.js';
import { createPrng, type Prng } from '../prng.js';
import { regionProfile, type EmulatorRegion, type SettlementPricing } from '../regions.js';

/** Everything a settlement file is generated from. */
export interface SettlementFileSpec {
  seed: number | string;
  sellerId: string;
  settlementId: string;
  start: Date;
  end: Date;
  /** Marketplace: default currency, time zone and pricing (default `na`). */
  region?: EmulatorRegion;
  /** ISO 4217, default the region's (USD). JPY amounts have no decimals. */
  currency?: string;
  /** Transaction rows (without Reserve and Transfer); default 20–60 drawn from the seed. A few more captures are added when the balance could not cover the reserve. */
  rows?: number;
  /** Sandbox settlement: `S01-` ids, no Reserve or Transfer row. */
  sandbox?: boolean;
  /** A fixed offset written in every timestamp (`-0800`); overrides `timeZone`. */
  utcOffset?: string;
  /** IANA time zone whose offset, with daylight saving, the timestamps carry; default the region's. */
  timeZone?: string;
  /** Overrides of the region's fee pricing. */
  pricing?: Partial<SettlementPricing>;
  /** Reserve released at the start ("Previous Reserve Balance"), minor units; default drawn from the seed. */
  reserveReleased?: number;
  /** Reserve held at the end ("Current Reserve Amount"), minor units; default 0: none (the emulator's history always holds one). */
  reserveHeld?: number;
}

/** The 15 settlement columns, in file order (report-formats.md §3.2). */
export const SETTLEMENT_COLUMNS = [
  'TransactionPostedDate', 'SettlementId', 'AmazonTransactionId', 'SellerReferenceId', 'TransactionType',
  'AmazonOrderReferenceId', 'SellerOrderId', 'StoreName', 'CurrencyCode', 'TransactionDescription',
  'TransactionAmount', 'TransactionPercentageFee', 'TransactionFixedFee', 'TotalTransactionFee', 'NetTransactionAmount',
] as const;

/** One settlement column name. */
export type SettlementColumn = (typeof SETTLEMENT_COLUMNS)[number];

/** One settlement row, values exactly as written in the file (unquoted). */
export type GeneratedSettlementRow = Record<SettlementColumn, string>;

const TRANSFER_DESCRIPTION = 'SellerPayments_DateRangeReport_transfer_accounting_ending_with_trace_id';
const STORES = ['Example Outfitters', 'Example Outfitters', 'Emulator Test Store', 'Blue Fern Books - Gift Cards', 'Northwind Coffee, Inc.', ''];
/** The balance never drops below the held reserve plus this (minor units), so the payout is always positive. */
const MIN_BALANCE = 100;
/** Captures remembered for later refunds and chargebacks in the same file. */
const RECENT = 64;

/** A capture that later rows may refund or charge back. */
interface Capture {
  orderRef: string;
  captureId: string;
  sellerOrder: string;
  store: string;
  gross: number;
  /** Refunded or charged back so far. */
  returned: number;
  rateBp: number;
}

/** The seller's card rate (its pricing tier): stable per seller across files. */
function tierRate(seed: number | string, sellerId: string, pricing: SettlementPricing): number {
  const [lo, hi] = pricing.cardRateBp;
  return createPrng('pricing-tier', seed, sellerId).range(lo, Math.max(lo, hi));
}

/** Percentage fee of `amount` at `bp` basis points, rounded half up, in minor units (integer math). */
function percentOf(amount: number, bp: number): number {
  return Math.floor((amount * bp + 5_000) / 10_000);
}

/** The reserve a spec releases and holds (minor units). */
export function reserveOf(spec: SettlementFileSpec, rng?: Prng): { released: number; held: number } {
  const [lo, hi] = regionProfile(spec.region).reserve;
  const draw = rng ?? createPrng('reserve-default', spec.seed, spec.sellerId, spec.settlementId);
  return { released: spec.reserveReleased ?? draw.range(lo, hi), held: spec.reserveHeld ?? 0 };
}

/** Every row of the settlement, in file order. Deterministic; constant memory. */
export function* settlementRows(spec: SettlementFileSpec): Generator<GeneratedSettlementRow> {
  const rng = createPrng('settlement', spec.seed, spec.sellerId, spec.settlementId);
  const profile = regionProfile(spec.region);
  const pricing: SettlementPricing = { ...profile.pricing, ...spec.pricing };
  const count = spec.rows ?? rng.range(20, 60);
  const currency = spec.currency ?? profile.currency;
  const exponent = currencyExponent(currency);
  const money = (minor: number): string => formatAmount(minor, exponent);
  const fee = (minor: number): string => formatFeeAmount(minor, exponent);
  const sandbox = spec.sandbox ?? false;
  const prefix = sandbox ? 'S01' : 'P01';
  const time = fileTimeFormatter(specZone(spec));
  const startMs = spec.start.getTime();
  const endMs = Math.max(spec.end.getTime(), startMs);
  const span = endMs - startMs;
  const margin = Math.min(60_000, Math.floor(span / 10));
  const inner = span - 2 * margin;
  const tier = tierRate(spec.seed, spec.sellerId, pricing);
  const [minOrder, maxOrder] = profile.orderValue;
  const reserve = sandbox ? { released: 0, held: 0 } : reserveOf(spec);
  const base = (posted: number, type: string): GeneratedSettlementRow => ({
    TransactionPostedDate: time(posted), SettlementId: spec.settlementId, AmazonTransactionId: '', SellerReferenceId: '',
    TransactionType: type, AmazonOrderReferenceId: '', SellerOrderId: '', StoreName: '', CurrencyCode: currency,
    TransactionDescription: '', TransactionAmount: money(0), TransactionPercentageFee: '0', TransactionFixedFee: '0',
    TotalTransactionFee: '0', NetTransactionAmount: money(0),
  });
  const row = (posted: number, type: string, c: Capture | undefined, txId: string, ref: string, description: string, amount: number, pct: number, fixed: number): GeneratedSettlementRow => ({
    TransactionPostedDate: time(posted), SettlementId: spec.settlementId, AmazonTransactionId: txId, SellerReferenceId: ref,
    TransactionType: type, AmazonOrderReferenceId: c?.orderRef ?? '', SellerOrderId: c?.sellerOrder ?? '', StoreName: c?.store ?? '',
    CurrencyCode: currency, TransactionDescription: description, TransactionAmount: money(amount), TransactionPercentageFee: fee(pct),
    TransactionFixedFee: fee(fixed), TotalTransactionFee: fee(pct + fixed), NetTransactionAmount: money(amount + pct + fixed),
  });

  let balance = 0;
  if (!sandbox && reserve.released > 0) {
    balance += reserve.released;
    yield { ...base(startMs + Math.floor(margin / 2), 'Reserve'), TransactionDescription: 'Previous Reserve Balance', TransactionAmount: money(reserve.released), NetTransactionAmount: money(reserve.released) };
  }
  const floor = reserve.held + MIN_BALANCE;
  const recent: Capture[] = [];
  let order = rng.range(10_000, 90_000);

  const capture = (posted: number): GeneratedSettlementRow => {
    const orderRef = `${prefix}-${rng.digits(7)}-${rng.digits(7)}`;
    const sellerOrder = rng.next() < 0.8 ? String(order++) : '';
    // Skewed order values: many small, some large.
    const gross = minOrder + Math.floor(rng.next() * rng.next() * (maxOrder - minOrder));
    const balancePaid = rng.next() < pricing.balanceShare;
    const rateBp = balancePaid ? pricing.balanceRateBp : tier + (rng.next() < pricing.crossBorderShare ? pricing.crossBorderBp : 0);
    const c: Capture = { orderRef, captureId: `${orderRef}-C0${rng.digits(5)}`, sellerOrder, store: rng.pick(STORES), gross, returned: 0, rateBp };
    recent.push(c);
    if (recent.length > RECENT) recent.shift();
    const pct = -percentOf(gross, rateBp);
    balance += gross + pct - pricing.fixedFee;
    return row(posted, 'Capture', c, c.captureId, sellerOrder ? `cap-${sellerOrder}` : '', '', gross, pct, -pricing.fixedFee);
  };

  for (let i = 0; i < count; i++) {
    // Monotone: row i lands in slot i of `count` equal slots, at a random point inside it.
    const posted = startMs + margin + Math.floor(((i + rng.next()) * inner) / count);
    const u = rng.next();
    const open = recent.length > 0 ? recent[rng.int(recent.length)]! : undefined;
    const left = open ? open.gross - open.returned : 0;
    if (u >= 0.78 && u < 0.9 && open && left > 0) {
      // Refund: full (what is left) or partial; the percentage fee of the refunded part comes back.
      const amount = rng.next() < 0.6 || left === 1 ? left : rng.range(1, left - 1);
      const credit = percentOf(open.returned + amount, open.rateBp) - percentOf(open.returned, open.rateBp);
      if (balance - amount + credit >= floor) {
        open.returned += amount;
        balance += -amount + credit;
        yield row(posted, 'Refund', open, `${open.orderRef}-R0${rng.digits(5)}`, open.sellerOrder ? `ref-${open.sellerOrder}` : '', '', -amount, credit, 0);
        continue;
      }
    } else if (u >= 0.9 && u < 0.93 && open && left > 0) {
      // Chargeback: the buyer's bank takes back what was not refunded, plus the chargeback fee.
      if (balance - left - pricing.chargebackFee >= floor) {
        open.returned = open.gross;
        balance += -left - pricing.chargebackFee;
        yield row(posted, 'Chargeback', open, open.captureId, open.sellerOrder ? `cb-${open.sellerOrder}` : '', '', -left, 0, -pricing.chargebackFee);
        continue;
      }
    } else if (u >= 0.93 && u < 0.96) {
      const amount = rng.range(1, 1_000) * (rng.next() < 0.5 ? -1 : 1);
      if (balance + amount >= floor) {
        balance += amount;
        yield row(posted, 'Adjustment', undefined, '', '', rng.pick(['Fee correction', 'Manual adjustment']), amount, 0, 0);
        continue;
      }
    }
    yield capture(posted);
  }
  if (sandbox) return;
  // The balance must cover the reserve held and leave a positive payout: a late capture or two if not.
  while (balance < floor) yield capture(endMs - margin);
  if (reserve.held > 0) {
    balance -= reserve.held;
    yield { ...base(endMs - Math.floor((margin * 3) / 4), 'Reserve'), TransactionDescription: 'Current Reserve Amount', TransactionAmount: money(-reserve.held), NetTransactionAmount: money(-reserve.held) };
  }
  yield { ...base(endMs - Math.floor(margin / 2), 'Transfer'), TransactionDescription: TRANSFER_DESCRIPTION, TransactionAmount: money(-balance), NetTransactionAmount: money(-balance) };
}

/** The preamble and header: BOM, banner, title, seller, period, column names. */
export function settlementHeader(spec: SettlementFileSpec): string {
  const time = fileTimeFormatter(specZone(spec));
  return '\uFEFF' + csvLine(['Amazon Payments Advanced'], true) + csvLine(['Settlement Report'], true)
    + csvLine(['SellerId', spec.sellerId]) + csvLine(['SettlementStartDate', time(spec.start.getTime())])
    + csvLine(['SettlementEndDate', time(spec.end.getTime())]) + csvLine(SETTLEMENT_COLUMNS, true);
}

/** The whole file as text chunks (BOM first), generated as read. */
export function* settlementFile(spec: SettlementFileSpec): Generator<string> {
  yield settlementHeader(spec);
  // The hot loop of big files: one template per row, and only the cells that can hold a quote
  // (spec-given ids, store names) are escaped; the rest are digits, dates and amounts we generate.
  let parts: string[] = [];
  let length = 0;
  for (const r of settlementRows(spec)) {
    const line = `"${r.TransactionPostedDate}","${esc(r.SettlementId)}","${r.AmazonTransactionId}","${r.SellerReferenceId}","${r.TransactionType}","${r.AmazonOrderReferenceId}","${r.SellerOrderId}","${esc(r.StoreName)}","${esc(r.CurrencyCode)}","${r.TransactionDescription}","${r.TransactionAmount}","${r.TransactionPercentageFee}","${r.TransactionFixedFee}","${r.TotalTransactionFee}","${r.NetTransactionAmount}"\n`;
    parts.push(line);
    length += line.length;
    if (length >= CHUNK) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}

const CHUNK = 64 * 1024;

function esc(cell: string): string {
  return cell.includes('"') ? cell.replace(/"/g, '""') : cell;
}

/**
 * What the settlement pays out: −Net of its Transfer row (the disbursement amount), as a positive
 * decimal string. For sandbox files (no Transfer) the sum of all nets (`0.00` for an empty one).
 * O(rows) time, O(1) memory.
 */
export function settlementPayout(spec: SettlementFileSpec): string {
  const exponent = currencyExponent(spec.currency ?? regionProfile(spec.region).currency);
  let minor = 0;
  let transfer: number | undefined;
  for (const row of settlementRows(spec)) {
    const net = parseAmount(row.NetTransactionAmount, exponent);
    if (row.TransactionType === 'Transfer') transfer = -net;
    else minor += net;
  }
  return formatAmount(transfer ?? minor, exponent);
}
