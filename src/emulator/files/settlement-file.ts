/**
 * Synthetic settlement report files (report-formats.md §3, §4, §9). The byte layout follows the
 * real-format fixtures: UTF-8 BOM, a five-line preamble whose banner lines end with a comma, a
 * header of 15 quoted names plus a trailing comma, and 15 quoted cells per row without one.
 *
 * Amounts are invented. Two conventions are ours, not Amazon's documented behaviour: every row is
 * sorted by posted time with the Transfer row last, and Σ NetTransactionAmount over the file is 0
 * (the Transfer pays out everything, report-formats.md §3.5 "INFERENCE"). Sandbox files have the
 * same shape without Reserve and Transfer rows (§4: unverified whether sandbox has them).
 *
 * Rows are generated one at a time from a seeded PRNG, so files of millions of rows stream in
 * constant memory and the same spec always yields the same bytes.
 */
import { csvLine } from './csv-line.js';
import { fileTimeFormatter } from './file-time.js';
import { formatCents, formatFee } from './money.js';
import { createPrng } from '../prng.js';

/** Everything a settlement file is generated from. */
export interface SettlementFileSpec {
  seed: number | string;
  sellerId: string;
  settlementId: string;
  start: Date;
  end: Date;
  /** ISO 4217, default USD. */
  currency?: string;
  /** Transaction rows (without Reserve and Transfer); default 20–60 drawn from the seed. */
  rows?: number;
  /** Sandbox settlement: `S01-` ids, no Reserve or Transfer row. */
  sandbox?: boolean;
  /** Offset written in timestamps, default `-0800`. */
  utcOffset?: string;
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
/** Percentage fee in tenths of a percent (2.9 %), fixed fee in cents: typical US card pricing, invented. */
const PCT_PER_MILLE = 29;
const FIXED_FEE = 30;
/** The balance never drops below this (cents), so the payout is always positive. */
const MIN_BALANCE = 100;

/** Every row of the settlement, in file order. Deterministic; constant memory. */
export function* settlementRows(spec: SettlementFileSpec): Generator<GeneratedSettlementRow> {
  const rng = createPrng('settlement', spec.seed, spec.sellerId, spec.settlementId);
  const count = spec.rows ?? rng.range(20, 60);
  const currency = spec.currency ?? 'USD';
  const sandbox = spec.sandbox ?? false;
  const prefix = sandbox ? 'S01' : 'P01';
  const time = fileTimeFormatter(spec.utcOffset ?? '-0800');
  const startMs = spec.start.getTime();
  const endMs = Math.max(spec.end.getTime(), startMs);
  const span = endMs - startMs;
  const margin = Math.min(60_000, Math.floor(span / 10));
  const inner = span - 2 * margin;
  const base = (posted: number, type: string): GeneratedSettlementRow => ({
    TransactionPostedDate: time(posted), SettlementId: spec.settlementId, AmazonTransactionId: '', SellerReferenceId: '',
    TransactionType: type, AmazonOrderReferenceId: '', SellerOrderId: '', StoreName: '', CurrencyCode: currency,
    TransactionDescription: '', TransactionAmount: '0.00', TransactionPercentageFee: '0', TransactionFixedFee: '0',
    TotalTransactionFee: '0', NetTransactionAmount: '0.00',
  });

  let balance = 0;
  if (!sandbox) {
    const reserve = rng.range(5_000, 50_000);
    balance += reserve;
    yield { ...base(startMs + Math.floor(margin / 2), 'Reserve'), TransactionDescription: 'Previous Reserve Balance', TransactionAmount: formatCents(reserve), NetTransactionAmount: formatCents(reserve) };
  }

  let order = rng.range(10_000, 90_000);
  for (let i = 0; i < count; i++) {
    // Monotone: row i lands in slot i of `count` equal slots, at a random point inside it.
    const posted = startMs + margin + Math.floor(((i + rng.next()) * inner) / count);
    const orderRef = `${prefix}-${rng.digits(7)}-${rng.digits(7)}`;
    const store = rng.pick(STORES);
    const sellerOrder = rng.next() < 0.8 ? String(order++) : '';
    const u = rng.next();
    let type = 'Capture';
    let amount = 0, pct = 0, fixed = 0, description = '', txSuffix = 'C', refPrefix = 'cap';
    // Skewed order values: many small, some large (5.00 .. 500.00).
    const gross = 500 + Math.floor(rng.next() * rng.next() * 49_500);
    if (u >= 0.8 && u < 0.93) {
      type = 'Refund'; txSuffix = 'R'; refPrefix = 'ref';
      amount = -gross; pct = Math.round((gross * PCT_PER_MILLE) / 1000); // refund credits the percentage fee back (assumed, §3.7)
    } else if (u >= 0.93 && u < 0.96) {
      type = 'Chargeback'; txSuffix = 'B'; refPrefix = 'cb'; description = 'Chargeback';
      amount = -gross;
    } else if (u >= 0.96) {
      type = 'Adjustment'; txSuffix = 'J'; refPrefix = 'adj';
      description = rng.pick(['Fee correction', 'Manual adjustment']);
      amount = rng.range(1, 1_000) * (rng.next() < 0.5 ? -1 : 1);
    }
    if (type !== 'Capture' && balance + amount + pct < MIN_BALANCE) {
      type = 'Capture'; txSuffix = 'C'; refPrefix = 'cap'; description = ''; amount = 0; pct = 0;
    }
    if (type === 'Capture') {
      amount = gross; pct = -Math.round((gross * PCT_PER_MILLE) / 1000); fixed = -FIXED_FEE;
    }
    const total = pct + fixed;
    const net = amount + total;
    balance += net;
    const withIds = type !== 'Adjustment';
    yield {
      TransactionPostedDate: time(posted), SettlementId: spec.settlementId,
      AmazonTransactionId: withIds ? `${orderRef}-${txSuffix}0${rng.digits(5)}` : '',
      SellerReferenceId: withIds && sellerOrder ? `${refPrefix}-${sellerOrder}` : '',
      TransactionType: type, AmazonOrderReferenceId: withIds ? orderRef : '', SellerOrderId: withIds ? sellerOrder : '',
      StoreName: withIds ? store : '', CurrencyCode: currency, TransactionDescription: description,
      TransactionAmount: formatCents(amount), TransactionPercentageFee: formatFee(pct), TransactionFixedFee: formatFee(fixed),
      TotalTransactionFee: formatFee(total), NetTransactionAmount: formatCents(net),
    };
  }

  if (!sandbox) {
    yield { ...base(endMs - Math.floor(margin / 2), 'Transfer'), TransactionDescription: TRANSFER_DESCRIPTION, TransactionAmount: formatCents(-balance), NetTransactionAmount: formatCents(-balance) };
  }
}

/** The preamble and header: BOM, banner, title, seller, period, column names. */
export function settlementHeader(spec: SettlementFileSpec): string {
  const time = fileTimeFormatter(spec.utcOffset ?? '-0800');
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
  let cents = 0;
  let transfer: number | undefined;
  for (const row of settlementRows(spec)) {
    const net = toCents(row.NetTransactionAmount);
    if (row.TransactionType === 'Transfer') transfer = -net;
    else cents += net;
  }
  return formatCents(transfer ?? cents);
}

function toCents(text: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{2}))?$/.exec(text);
  if (!m) throw new RangeError(`not an amount: ${text}`);
  const v = Number(m[2]) * 100 + Number(m[3] ?? '0');
  return m[1] ? -v : v;
}
