/**
 * Timestamps inside report files. Live files write `2018-09-11T00:19:53 -0700` (a space before the
 * offset); the docs show `2015-05-18T14:37:01-0700` and `…-0000` (report-formats.md §2). We accept
 * both, plus `±HH:MM`, `Z` and a fraction of up to 9 digits, and keep the original text because
 * the offset is information the UTC instant loses.
 *
 * Read by hand, not with a regex and `Date`: this runs once per row (it was 17 % of parsing), and
 * `Date.UTC` maps years 0–99 to 1900–1999. Every year 0000–9999 is read exactly as written
 * (proleptic Gregorian, as ISO 8601 and `Date.parse` use): `0099-12-31T23:59:59Z` stays in year 99.
 */

/** A report timestamp: the text as written and the same instant as ISO 8601 UTC (`2018-09-11T07:19:53Z`). */
export interface ReportTimestamp {
  raw: string;
  iso: string;
  /** The instant as epoch milliseconds. */
  ms: number;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;
/** `SSZ` for every second 0–59: the ISO text is the minute's prefix plus one of these. */
const SECONDS_Z = Array.from({ length: 60 }, (_, s) => `${String(s).padStart(2, '0')}Z`);

/** Two ASCII digits at `i` as a number, or -1. Callers check the length first: past the end, NaN >>> 0 is 0. */
function two(t: string, i: number): number {
  const a = t.charCodeAt(i) - 48;
  const b = t.charCodeAt(i + 1) - 48;
  // `>>> 0` turns a negative difference (a character below '0') into a huge number.
  return (a >>> 0) > 9 || (b >>> 0) > 9 ? -1 : a * 10 + b;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`), exact for any year. */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

// Rows come sorted by time, so consecutive ones mostly share their UTC minute: its
// `YYYY-MM-DDTHH:MM:` prefix is formatted once, by `Date` (which is exact for a given epoch ms).
let cachedMinute = Number.NaN;
let cachedPrefix = '';

function isoOf(ms: number): string {
  const minute = Math.floor(ms / MINUTE_MS);
  if (minute !== cachedMinute) {
    const full = new Date(minute * MINUTE_MS).toISOString(); // …T07:19:00.000Z, years past 9999 as +010000-…
    cachedPrefix = full.slice(0, full.length - 7);
    cachedMinute = minute;
  }
  return cachedPrefix + (SECONDS_Z[(ms - minute * MINUTE_MS) / 1000] as string);
}

/** Parses a report timestamp; `undefined` when the text is not one (the caller reports where). */
export function parseReportTimestamp(text: string): ReportTimestamp | undefined {
  const n = text.length;
  // The shortest form is `YYYY-MM-DDTHH:MM:SSZ`.
  if (n < 20) return undefined;
  const c = two(text, 0);
  const y = two(text, 2);
  const month = two(text, 5);
  const day = two(text, 8);
  const hour = two(text, 11);
  const min = two(text, 14);
  const sec = two(text, 17);
  if (
    c < 0 || y < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || min < 0 || min > 59 || sec < 0 || sec > 59 ||
    text.charCodeAt(4) !== 0x2d || text.charCodeAt(7) !== 0x2d || text.charCodeAt(10) !== 0x54 ||
    text.charCodeAt(13) !== 0x3a || text.charCodeAt(16) !== 0x3a
  ) {
    return undefined;
  }
  const year = c * 100 + y;
  if (day > daysInMonth(year, month)) return undefined;
  let i = 19;
  if (text.charCodeAt(i) === 0x2e) {
    // Sub-second digits stay in `raw` only; Amazon writes whole seconds.
    const from = ++i;
    while (i < n && ((text.charCodeAt(i) - 48) >>> 0) <= 9) i++;
    if (i === from || i - from > 9) return undefined;
  }
  if (text.charCodeAt(i) === 0x20) i++;
  let offsetMinutes = 0;
  const z = text.charCodeAt(i);
  if (z === 0x5a) {
    if (i + 1 !== n) return undefined;
  } else if (z === 0x2b || z === 0x2d) {
    const colon = text.charCodeAt(i + 3) === 0x3a ? 1 : 0;
    if (i + 5 + colon !== n) return undefined;
    const oh = two(text, i + 1);
    const om = two(text, i + 3 + colon);
    if (oh < 0 || oh > 23 || om < 0 || om > 59) return undefined;
    offsetMinutes = (z === 0x2d ? -1 : 1) * (oh * 60 + om);
  } else {
    return undefined;
  }
  const ms = daysFromCivil(year, month, day) * DAY_MS + ((hour * 60 + min - offsetMinutes) * 60 + sec) * 1000;
  return { raw: text, iso: isoOf(ms), ms };
}
