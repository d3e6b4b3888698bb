import { ConfigError } from '../errors.js';

/** Gives a row's calendar date (YYYY-MM-DD) in the merchant's time zone. */
export type LocalDater = (utcIso: string, raw: string | null) => string;

/**
 * With an IANA zone (`--tz Europe/Berlin`), dates are taken in that zone. Without one, in the
 * offset the report itself wrote (`2026-10-31T23:30:00 -0800` is Oct 31), so a settlement is
 * split where the merchant's own report says the month ends; text without an offset is UTC.
 */
export function localDater(timeZone?: string): LocalDater {
  if (timeZone !== undefined) {
    let format: Intl.DateTimeFormat;
    try {
      format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      throw new ConfigError(`unknown time zone ${JSON.stringify(timeZone)}: use an IANA name such as Europe/Berlin or America/Los_Angeles`);
    }
    return (utcIso) => format.format(new Date(utcIso));
  }
  return (utcIso, raw) => {
    const m = raw === null ? null : /([+-])(\d{2}):?(\d{2})$/.exec(raw.trim());
    const minutes = m ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
    return new Date(Date.parse(utcIso) + minutes * 60_000).toISOString().slice(0, 10);
  };
}

/** The last day (YYYY-MM-DD) of a YYYY-MM month. */
export function lastDayOfMonth(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
}
