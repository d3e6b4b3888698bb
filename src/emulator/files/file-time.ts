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

/** A faster formatter for one fixed offset, for the per-row hot path. */
export function fileTimeFormatter(utcOffset: string): (ms: number) => string {
  const shift = offsetMinutes(utcOffset) * 60_000;
  const suffix = ` ${utcOffset.replace(':', '')}`;
  return (ms) => new Date(ms + shift).toISOString().slice(0, 19) + suffix;
}
