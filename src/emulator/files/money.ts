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
