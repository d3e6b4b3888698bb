/** How a statement writes numbers: `1.234,56` (German) or `1,234.56` (English). */
export type NumberStyle = 'de' | 'en';

/** Guesses the style from a column's cells: any cell ending in a comma and 1–2 digits is German. */
export function numberStyle(cells: readonly string[]): NumberStyle {
  return cells.some((c) => /,\d{1,2}(\s*[A-Z€$£]{0,3})?$/.test(c.trim())) ? 'de' : 'en';
}

/**
 * A bank amount as a plain signed decimal (`-1234.56`), or undefined when it is not a number.
 * Currency symbols and codes around it are dropped; a trailing `-` (some German banks) or `S`/`H`
 * (Soll/Haben) gives the sign.
 */
export function bankAmount(cell: string, style: NumberStyle): string | undefined {
  let s = cell.trim().replace(/\s+/g, '').replace(/^(EUR|USD|GBP|JPY|CHF|€|\$|£)|(EUR|USD|GBP|JPY|CHF|€|\$|£)$/i, '');
  let negative = false;
  const suffix = /^(.*?)([-+]|S|H)$/i.exec(s);
  if (suffix && /\d/.test(suffix[1] ?? '') && !/^[-+]/.test(s)) {
    negative = suffix[2] === '-' || suffix[2]?.toUpperCase() === 'S';
    s = suffix[1] ?? '';
  }
  const m = /^([-+]?)(.+)$/.exec(s);
  if (!m) return undefined;
  if (m[1] === '-') negative = !negative;
  const [group, decimal] = style === 'de' ? ['.', ','] : [',', '.'];
  const body = m[2] ?? '';
  const grouped = new RegExp(`^\\d{1,3}(\\${group}\\d{3})+(\\${decimal}\\d+)?$`);
  const plain = new RegExp(`^\\d+(\\${decimal}\\d+)?$`);
  if (!grouped.test(body) && !plain.test(body)) return undefined;
  const [int = '0', frac = ''] = body.replaceAll(group, '').split(decimal);
  const text = `${int.replace(/^0+(?=\d)/, '')}${frac ? `.${frac}` : ''}`;
  return negative && /[1-9]/.test(text) ? `-${text}` : text;
}

/** A bank date as YYYY-MM-DD: `31.10.2026`, `31.10.26`, `2026-10-31`, `31/10/2026` or (`monthFirst`) `10/31/2026`. */
export function bankDate(cell: string, monthFirst: boolean): string | undefined {
  const s = cell.trim();
  let m = /^(\d{4})-(\d{2})-(\d{2})/.exec(s);
  if (m) return valid(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})([./])(\d{1,2})\2(\d{2}|\d{4})$/.exec(s);
  if (!m) return undefined;
  const year = (m[4] ?? '').length === 2 ? 2000 + Number(m[4]) : Number(m[4]);
  const a = Number(m[1]);
  const b = Number(m[3]);
  return m[2] === '/' && monthFirst ? valid(year, a, b) : valid(year, b, a);
}

function valid(y: number, mo: number, d: number): string | undefined {
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}
