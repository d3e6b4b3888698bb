/** `12345` cents → `"123.45"`; `-30` → `"-0.30"`. Integer arithmetic only: money never touches a float. */
export function formatCents(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new RangeError(`amount out of range: ${cents}`);
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100);
  const frac = abs % 100;
  return `${sign}${whole}.${frac < 10 ? '0' : ''}${frac}`;
}

/** Fee cells: like formatCents, except a zero fee is written `0` (report-formats.md §2). */
export function formatFee(cents: number): string {
  return cents === 0 ? '0' : formatCents(cents);
}

/** Minor units → a decimal string with `exponent` decimals (`formatAmount(-30, 2)` → `-0.30`; JPY: `formatAmount(1500, 0)` → `1500`). */
export function formatAmount(minor: number, exponent: number): string {
  if (exponent === 2) return formatCents(minor);
  if (!Number.isSafeInteger(minor)) throw new RangeError(`amount out of range: ${minor}`);
  if (exponent === 0) return String(minor);
  throw new RangeError(`unsupported currency exponent ${exponent}`);
}

/** Fee cells in any currency: a zero fee is written `0` (report-formats.md §2). */
export function formatFeeAmount(minor: number, exponent: number): string {
  return minor === 0 ? '0' : formatAmount(minor, exponent);
}

/** Parses an amount this generator wrote back to minor units (`-0.30` → -30; JPY `1500` → 1500). */
export function parseAmount(text: string, exponent: number): number {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(text);
  if (!m || (m[3] ?? '').length > exponent) throw new RangeError(`not an amount with ${exponent} decimals: ${text}`);
  const v = Number(m[2]) * 10 ** exponent + Number((m[3] ?? '').padEnd(exponent, '0') || '0');
  return m[1] ? -v : v;
}
