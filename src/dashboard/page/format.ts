const cache = new Map<string, Intl.NumberFormat>();

/** A decimal string from the server as money, exactly (Intl formats the string, never a float of it). */
export function money(amount: string | null, currency: string): string {
  if (amount === null) return '—';
  let f = cache.get(currency);
  if (!f) {
    f = new Intl.NumberFormat(undefined, { style: 'currency', currency, currencyDisplay: 'code' });
    cache.set(currency, f);
  }
  return f.format(amount as Intl.StringNumericLiteral);
}

/** `2.91 %` from the server's two-decimal string. */
export function percent(value: string | null): string {
  return value === null ? '—' : `${value} %`;
}

/** The date part of an ISO time (UTC), or a dash. */
export function day(iso: string | null): string {
  return iso === null ? '—' : iso.slice(0, 10);
}

/** `2026-10-01 → 2026-10-02`. */
export function period(start: string | null, end: string | null): string {
  return `${day(start)} → ${day(end)}`;
}
