import { csvCell } from './csv-cell.js';

/** What a spreadsheet would take as the start of a formula (OWASP, "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** An exact decimal amount as the store keeps it: `-0.30`, `1250`. */
const AMOUNT = /^-?\d+(\.\d+)?$/;

/**
 * A CSV cell that a spreadsheet shows rather than runs: a text value starting with `=`, `+`, `-`,
 * `@`, tab or CR gets a leading `'`, as OWASP advises. Amounts stay numbers: in an `amount`
 * column a decimal such as `-0.30` is written as is (anything else there is treated as text).
 */
export function spreadsheetSafeCsvCell(value: string | number | null | undefined, kind: 'text' | 'amount'): string {
  if (typeof value !== 'string' || (kind === 'amount' && AMOUNT.test(value))) return csvCell(value);
  return csvCell(FORMULA_START.test(value) ? `'${value}` : value);
}

/** The same for a cell whose column mixes kinds: an exact decimal stays a number, anything else is text. */
export function spreadsheetSafeCell(value: string | number | null | undefined): string {
  return spreadsheetSafeCsvCell(value, typeof value === 'string' && AMOUNT.test(value) ? 'amount' : 'text');
}
