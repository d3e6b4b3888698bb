/**
 * Date handling shared by the client, the emulator and the CLI. Amazon Pay emits report and
 * schedule times compact (`20221118T150630Z`) and disbursement times extended with milliseconds
 * (`2022-12-07T17:08:26.717Z`); requests use both (api.md §5.1). We accept all of them, plus the
 * docs' malformed `2022-08-04T00-00-00Z`, and expose one form: ISO 8601 UTC without milliseconds.
 */

const COMPACT = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;
const EXTENDED = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})[:-](\d{2})[:-](\d{2})(\.\d{1,9})?(Z|[+-]\d{2}:?\d{2})$/;
const DATE_ONLY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses any accepted API or CLI time; `undefined` when it is not one. A date alone is 00:00:00 UTC. */
export function parseTime(text: string): Date | undefined {
  const s = text.trim();
  let m = COMPACT.exec(s);
  if (m) return utc(m[1], m[2], m[3], m[4], m[5], m[6], undefined, 'Z');
  m = EXTENDED.exec(s);
  if (m) return utc(m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]);
  m = DATE_ONLY.exec(s);
  if (m) return utc(m[1], m[2], m[3], '00', '00', '00', undefined, 'Z');
  return undefined;
}

function utc(
  y?: string, mo?: string, d?: string, h?: string, mi?: string, se?: string, frac?: string, zone?: string,
): Date | undefined {
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), min = Number(mi), sec = Number(se);
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || min > 59 || sec > 60) return undefined;
  const ms = frac ? Math.floor(Number(`0${frac}`) * 1000) : 0;
  let t = Date.UTC(year, month - 1, day, hour, min, sec, ms);
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCDate() !== day) return undefined; // 2026-02-31 and friends
  if (zone && zone !== 'Z') {
    const zm = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!zm) return undefined;
    const offset = (Number(zm[2]) * 60 + Number(zm[3])) * 60_000;
    t -= zm[1] === '+' ? offset : -offset;
  }
  return new Date(t);
}

/** `2026-11-18T15:06:30Z`: the one form we expose and print. */
export function formatIso(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `20261118T150630Z`: the compact form Amazon uses for reports, schedules and `x-amz-pay-date`. */
export function formatCompact(date: Date): string {
  return formatIso(date).replace(/[-:]/g, '');
}

/** `2026-11-18T15:06:30.123Z`: the disbursement form. */
export function formatIsoMillis(date: Date): string {
  return date.toISOString();
}

/** Normalises an API time string to `formatIso`; leaves unparseable input as it is. */
export function normalizeApiTime(text: string): string {
  const d = parseTime(text);
  return d ? formatIso(d) : text;
}
