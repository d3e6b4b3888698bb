/**
 * Timestamps inside report files. Live files write `2018-09-11T00:19:53 -0700` (a space before the
 * offset); the docs show `2015-05-18T14:37:01-0700` and `…-0000` (report-formats.md §2). We accept
 * both, plus `±HH:MM` and `Z`, and keep the original text because the offset is information the
 * UTC instant loses.
 */

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d{1,9})? ?(Z|[+-]\d{2}:?\d{2})$/;

/** A report timestamp: the text as written and the same instant as ISO 8601 UTC (`2018-09-11T07:19:53Z`). */
export interface ReportTimestamp {
  raw: string;
  iso: string;
  /** The instant as epoch milliseconds. */
  ms: number;
}

/** Parses a report timestamp; `undefined` when the text is not one (the caller reports where). */
export function parseReportTimestamp(text: string): ReportTimestamp | undefined {
  const m = TIMESTAMP.exec(text);
  if (!m) return undefined;
  // Sub-second digits (group 7) stay in `raw` only; Amazon writes whole seconds.
  const [, y, mo, d, h, mi, s, , zone] = m as unknown as [string, string, string, string, string, string, string, string | undefined, string];
  const year = Number(y), month = Number(mo), day = Number(d), hour = Number(h), min = Number(mi), sec = Number(s);
  if (month < 1 || month > 12 || day < 1 || hour > 23 || min > 59 || sec > 59) return undefined;
  const dayCheck = new Date(Date.UTC(year, month - 1, day));
  if (dayCheck.getUTCDate() !== day) return undefined;
  let offsetMinutes = 0;
  if (zone !== 'Z') {
    const oh = Number(zone.slice(1, 3));
    const om = Number(zone.slice(-2));
    if (oh > 23 || om > 59) return undefined;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (oh * 60 + om);
  }
  const ms = Date.UTC(year, month - 1, day, hour, min, sec) - offsetMinutes * 60_000;
  return { raw: text, iso: new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z'), ms };
}
