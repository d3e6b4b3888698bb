/**
 * Exact money for report amounts: integer minor units as bigint, decimal strings for storage and
 * output. Never a JS float, not even in intermediate sums.
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

/** Number of minor-unit digits for a currency code (JPY 0, most others 2). */
export function currencyExponent(currency: string): number {
  return ZERO_DECIMAL.has(currency.toUpperCase()) ? 0 : 2;
}

// Fast path: the shape Amazon writes (`-0.30`, `10.00`, `0`).
const SIMPLE = /^([+-]?)(\d+)(?:\.(\d+))?$/;
// Thousands-grouped integer part: `1,234` or `12,345,678.90`.
const GROUPED = /^([+-]?)(\d{1,3}(?:,\d{3})+)(?:\.(\d+))?$/;

/** Why a money cell was rejected; the caller adds file/line/column. */
export class MoneyFormatError extends ReportParseError {
  override name = 'MoneyFormatError';
}

/** Parses a report amount to integer minor units; throws MoneyFormatError on anything not exact. */
export function parseMoney(text: string, currency: string): bigint {
  const exponent = currencyExponent(currency);
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
  return sign * BigInt(intPart + frac);
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
  const exponent = currencyExponent(currency);
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString();
  if (exponent === 0) return negative ? `-${digits}` : digits;
  const padded = digits.padStart(exponent + 1, '0');
  const body = `${padded.slice(0, -exponent)}.${padded.slice(-exponent)}`;
  return negative ? `-${body}` : body;
}

/** Parses and re-formats, so every stored amount has one canonical spelling (`0` → `0.00`, `1,234.5` → `1234.50`). */
export function normalizeMoney(text: string, currency: string): string {
  return formatMinor(parseMoney(text, currency), currency);
}
