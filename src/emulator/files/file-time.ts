/** Parses `-0800` / `+0530` into minutes east of UTC. */
export function offsetMinutes(utcOffset: string): number {
  const m = /^([+-])(\d{2}):?(\d{2})$/.exec(utcOffset);
  if (!m) throw new RangeError(`bad UTC offset ${utcOffset}; expected like -0800`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/**
 * Formats a time the way report files write it: local wall time, a space, the offset
 * (`2024-03-04T09:41:27 -0800`, report-formats.md §2).
 */
export function formatFileTime(ms: number, utcOffset: string): string {
  const local = new Date(ms + offsetMinutes(utcOffset) * 60_000).toISOString();
  return `${local.slice(0, 19)} ${utcOffset.replace(':', '')}`;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));

/**
 * A faster formatter for one fixed offset, for the per-row hot path: rows of one file share the
 * hour, so the `YYYY-MM-DDTHH:` prefix is formatted once per hour and minutes/seconds looked up.
 */
export function fileTimeFormatter(utcOffset: string): (ms: number) => string {
  const shift = offsetMinutes(utcOffset) * 60_000;
  const suffix = ` ${utcOffset.replace(':', '')}`;
  let hour = NaN;
  let prefix = '';
  return (ms) => {
    const local = ms + shift;
    const h = Math.floor(local / 3_600_000);
    if (h !== hour) {
      hour = h;
      prefix = new Date(h * 3_600_000).toISOString().slice(0, 14);
    }
    const inHour = local - h * 3_600_000;
    return `${prefix}${TWO_DIGITS[Math.floor(inHour / 60_000)]}:${TWO_DIGITS[Math.floor((inHour % 60_000) / 1000)]}${suffix}`;
  };
}
