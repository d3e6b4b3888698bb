/**
 * UTC offsets of a marketplace's time zone, daylight saving included, from the ICU data Node
 * ships (Intl): `America/Los_Angeles` is -0800 in winter and -0700 in summer. Offsets change only
 * on whole quarter hours in every zone we use, so one lookup per quarter hour is cached.
 */
const formatters = new Map<string, Intl.DateTimeFormat>();
const cache = new Map<string, number>();
const QUARTER_HOUR = 900_000;

/** Minutes east of UTC in `timeZone` at instant `ms` (e.g. -420 for PDT). */
export function zoneOffsetMinutes(timeZone: string, ms: number): number {
  const slot = Math.floor(ms / QUARTER_HOUR);
  const key = `${timeZone}|${slot}`;
  let minutes = cache.get(key);
  if (minutes === undefined) {
    if (cache.size > 200_000) cache.clear();
    minutes = lookUp(timeZone, slot * QUARTER_HOUR);
    cache.set(key, minutes);
  }
  return minutes;
}

function lookUp(timeZone: string, ms: number): number {
  let f = formatters.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    } catch {
      throw new RangeError(`unknown time zone ${timeZone}; use an IANA name like America/Los_Angeles`);
    }
    formatters.set(timeZone, f);
  }
  const name = f.formatToParts(new Date(ms)).find((p) => p.type === 'timeZoneName')?.value ?? 'GMT';
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!m) throw new RangeError(`cannot read the UTC offset of ${timeZone} from ${JSON.stringify(name)}`);
  if (!m[1]) return 0;
  const minutes = Number(m[2]) * 60 + Number(m[3]);
  return m[1] === '-' ? -minutes : minutes;
}

/** `-420` → `-0700`. */
export function formatOffset(minutes: number): string {
  const abs = Math.abs(minutes);
  return `${minutes < 0 ? '-' : '+'}${String(Math.floor(abs / 60)).padStart(2, '0')}${String(abs % 60).padStart(2, '0')}`;
}

/**
 * The instant at which the wall clock in `timeZone` shows `localMs` (milliseconds of a local
 * date-time counted as if it were UTC). A time that does not exist (skipped by a spring-forward)
 * is read with the summer offset, an hour early on the wall clock; an ambiguous one (fall-back)
 * takes the first, daylight, occurrence.
 */
export function instantOfLocal(timeZone: string, localMs: number): number {
  const before = zoneOffsetMinutes(timeZone, localMs - 86_400_000);
  const after = zoneOffsetMinutes(timeZone, localMs + 86_400_000);
  const first = localMs - before * 60_000;
  if (zoneOffsetMinutes(timeZone, first) === before) return first;
  return localMs - after * 60_000;
}
