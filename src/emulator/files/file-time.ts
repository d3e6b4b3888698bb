import { regionProfile, type EmulatorRegion } from '../regions.js';
import { formatOffset, zoneOffsetMinutes } from './time-zone.js';

const FIXED_OFFSET = /^([+-])(\d{2}):?(\d{2})$/;

/** Parses `-0800` / `+0530` into minutes east of UTC. */
export function offsetMinutes(utcOffset: string): number {
  const m = FIXED_OFFSET.exec(utcOffset);
  if (!m) throw new RangeError(`bad UTC offset ${utcOffset}; expected like -0800`);
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** Minutes east of UTC at `ms` for a fixed offset (`-0800`) or an IANA time zone (`America/Los_Angeles`). */
function offsetAt(zone: string, ms: number): number {
  return FIXED_OFFSET.test(zone) ? offsetMinutes(zone) : zoneOffsetMinutes(zone, ms);
}

/**
 * Formats a time the way report files write it: local wall time, a space, the offset
 * (`2024-03-04T09:41:27 -0800`, report-formats.md §2). `zone` is a fixed offset or an IANA time
 * zone, whose offset then follows daylight saving (`-0700` in a Los Angeles summer).
 */
export function formatFileTime(ms: number, zone: string): string {
  const offset = offsetAt(zone, ms);
  const local = new Date(ms + offset * 60_000).toISOString();
  return `${local.slice(0, 19)} ${formatOffset(offset)}`;
}

const TWO_DIGITS = Array.from({ length: 60 }, (_, i) => String(i).padStart(2, '0'));
const QUARTER_HOUR = 900_000;

/**
 * A faster formatFileTime for the per-row hot path: rows of one file share the quarter hour, so
 * the offset and the `YYYY-MM-DDTHH:` prefix are worked out once per quarter hour and
 * minutes/seconds looked up.
 */
export function fileTimeFormatter(zone: string): (ms: number) => string {
  const fixed = FIXED_OFFSET.test(zone) ? offsetMinutes(zone) : undefined;
  let slot = NaN;
  let shift = 0;
  let suffix = '';
  let hour = NaN;
  let prefix = '';
  return (ms) => {
    const s = Math.floor(ms / QUARTER_HOUR);
    if (s !== slot) {
      slot = s;
      const offset = fixed ?? zoneOffsetMinutes(zone, ms);
      shift = offset * 60_000;
      suffix = ` ${formatOffset(offset)}`;
      hour = NaN;
    }
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

/** The timestamp zone of a file spec: its fixed offset, else its time zone, else its region's. */
export function specZone(spec: { utcOffset?: string; timeZone?: string; region?: EmulatorRegion }): string {
  return spec.utcOffset ?? spec.timeZone ?? regionProfile(spec.region).timeZone;
}
