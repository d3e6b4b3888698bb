/**
 * Exact money for report amounts: integer minor units as bigint, decimal strings for storage and
 * output. Never a fraction in a JS float, not even in intermediate sums: digits become bigint, or
 * an integer below 2^53 on the way to one (see MoneyReader).
 *
 * Accepted input (report-formats.md §2): an optional sign, digits, an optional `.` decimal part,
 * and `,` only as a thousands separator in well-formed groups of three (`1,234.56`). A decimal
 * comma (`1.234,56`, `12,50`) is rejected rather than guessed: `1,234` is a valid US thousands
 * grouping, so the comma is ambiguous and no Amazon Pay source shows a decimal comma.
 * Extra fraction digits are allowed only when they are zeros (`1000.00` in a JPY file), so no
 * value is ever rounded.
 */

import { ReportParseError } from '../errors.js';

/** Currencies without minor units (ISO 4217 exponent 0); every other code uses 2. */
const ZERO_DECIMAL = new Set(['JPY', 'KRW', 'CLP', 'VND', 'ISK', 'UGX', 'XAF', 'XOF', 'PYG', 'BIF', 'DJF', 'GNF', 'KMF', 'RWF', 'VUV', 'XPF']);
/** Exponents of codes already seen, as written: a file has one or two, and `toUpperCase` per amount was a profile hot spot. */
const exponents = new Map<string, number>();

/** Number of minor-unit digits for a currency code (JPY 0, most others 2). */
export function currencyExponent(currency: string): number {
  const known = exponents.get(currency);
  if (known !== undefined) return known;
  const exponent = ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
  if (exponents.size < 256) exponents.set(currency, exponent);
  return exponent;
}

// The general shapes, for what the hand-written fast path in MoneyReader does not take:
// the simple one (`-0.30`, `10.00`, `0`) with a leading `+`, zeros to drop or over 15 digits, and
// the thousands-grouped one (`1,234` or `12,345,678.90`).
const SIMPLE = /^([+-]?)(\d+)(?:\.(\d+))?$/;
const GROUPED = /^([+-]?)(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;
/** Digits accumulated in a double stay exact integers below 2^53; this many always are. */
const SAFE_DIGITS = 15;

/** Why a money cell was rejected; the caller adds file/line/column. */
export class MoneyFormatError extends ReportParseError {
  override name = 'MoneyFormatError';
}

/**
 * Reads amounts into `minor` (bigint minor units) and `text` (the canonical decimal string). One
 * reader serves every cell of a file: an amount already written canonically (`-1.45`, `10.00`,
 * as Amazon writes all but zero fees) comes back as the same string, so reading allocates only
 * its bigint. The digits are accumulated as an integer, never as a fraction, and only up to 15
 * of them (exact below 2^53); anything longer or unusual takes the general path.
 */
export class MoneyReader {
  minor = 0n;
  text = '';

  /** Reads `text` as an amount in `currency`; throws MoneyFormatError on anything not exact. */
  read(text: string, currency: string, exponent: number = currencyExponent(currency)): void {
    if (!this.fast(text, exponent)) this.general(text, currency, exponent);
  }

  /** The shape Amazon writes: `-`?, digits without a leading zero, `.` and at most `exponent` digits. False when it is not that. */
  private fast(text: string, exponent: number): boolean {
    const n = text.length;
    let i = text.charCodeAt(0) === 0x2d ? 1 : 0;
    const intStart = i;
    let value = 0;
    let d = 0;
    while (i < n && (d = text.charCodeAt(i) - 48) >= 0 && d <= 9) {
      value = value * 10 + d;
      i++;
    }
    let digits = i - intStart;
    if (digits === 0 || (digits > 1 && text.charCodeAt(intStart) === 0x30)) return false;
    let fraction = 0;
    if (i < n) {
      if (text.charCodeAt(i) !== 0x2e) return false;
      const fracStart = ++i;
      while (i < n && (d = text.charCodeAt(i) - 48) >= 0 && d <= 9) {
        value = value * 10 + d;
        i++;
      }
      fraction = i - fracStart;
      if (fraction === 0 || fraction > exponent || i !== n) return false;
    }
    digits += exponent;
    if (digits > SAFE_DIGITS) return false;
    for (let k = fraction; k < exponent; k++) value *= 10;
    const negative = intStart === 1;
    this.minor = BigInt(negative ? -value : value);
    // `0` → `0.00`, `12.5` → `12.50`, `-0.00` → `0.00`; everything else is already canonical.
    this.text = fraction === exponent && !(negative && value === 0) ? text : formatMinorWith(this.minor, exponent);
    return true;
  }

  private general(text: string, currency: string, exponent: number): void {
    let m = SIMPLE.exec(text);
    let intPart: string;
    if (m) {
      intPart = m[2] ?? '';
    } else {
      m = GROUPED.exec(text.trim());
      if (!m) throw new MoneyFormatError(describeBadAmount(text));
      intPart = (m[2] ?? '').replaceAll(',', '');
    }
    const sign = m[1] === '-' ? -1n : 1n;
    let frac = m[3] ?? '';
    if (frac.length > exponent) {
      if (/[^0]/.test(frac.slice(exponent))) {
        throw new MoneyFormatError(`amount ${JSON.stringify(text)} has more than ${exponent} decimal places for ${currency}`);
      }
      frac = frac.slice(0, exponent);
    }
    frac = frac.padEnd(exponent, '0');
    this.minor = sign * BigInt(intPart + frac);
    this.text = formatMinorWith(this.minor, exponent);
  }
}

const shared = new MoneyReader();

/** Parses a report amount to integer minor units; throws MoneyFormatError on anything not exact. */
export function parseMoney(text: string, currency: string): bigint {
  shared.read(text, currency);
  return shared.minor;
}

function describeBadAmount(text: string): string {
  if (text === '') return 'amount is empty';
  if (/^[+-]?\d{1,3}(\.\d{3})+,\d+$/.test(text) || /^[+-]?\d+,\d{1,2}$/.test(text)) {
    return `amount ${JSON.stringify(text)} uses a decimal comma, which is ambiguous and not accepted`;
  }
  return `amount ${JSON.stringify(text)} is not a decimal number`;
}

/** Formats minor units as a plain decimal string with the currency's exponent (`-0.30`, `1234.56`, JPY `1000`). */
export function formatMinor(minor: bigint, currency: string): string {
  return formatMinorWith(minor, currencyExponent(currency));
}

function formatMinorWith(minor: bigint, exponent: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString();
  if (exponent === 0) return negative ? `-${digits}` : digits;
  const padded = digits.padStart(exponent + 1, '0');
  const body = `${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
  return negative ? `-${body}` : body;
}

/** Parses and re-formats, so every stored amount has one canonical spelling (`0` → `0.00`, `1,234.5` → `1234.50`). */
export function normalizeMoney(text: string, currency: string): string {
  shared.read(text, currency);
  return shared.text;
}
