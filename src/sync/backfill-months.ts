import { formatIso } from '../dates.js';
import { ConfigError } from '../errors.js';

/** One range a backfill asks for: a UTC calendar month (the first may start mid-month), end exclusive. */
export interface BackfillMonth {
  /** `YYYY-MM` */
  month: string;
  start: Date;
  end: Date;
}

/** Amazon Pay (then Amazon Payments) started in 2007: no account holds data from before. */
export const EARLIEST_BACKFILL = new Date(Date.UTC(2007, 0, 1));

/**
 * The ranges from `since` to the start of the UTC month `now` is in: the first from `since` to
 * the end of its month, then whole months. The month in progress is left out, so a range never
 * reaches past its creation and a rerun next month adds exactly the month that ended.
 */
export function backfillMonths(since: Date, now: Date): BackfillMonth[] {
  const months: BackfillMonth[] = [];
  const stop = monthStart(now);
  let start = since;
  while (start.getTime() < stop.getTime()) {
    const end = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1));
    months.push({ month: formatIso(start).slice(0, 7), start, end });
    start = end;
  }
  return months;
}

/**
 * Refuses a start no backfill can use, in one line naming the fix: not a time, in the future,
 * before any Amazon Pay data, or inside the month that is not over. `name` is how the caller
 * spells the option (`--backfill` on the command line).
 */
export function checkBackfillSince(since: Date, now: Date, name = 'since'): void {
  const example = formatIso(new Date(Date.UTC(now.getUTCFullYear() - 1, now.getUTCMonth(), 1))).slice(0, 10);
  if (Number.isNaN(since.getTime())) throw new ConfigError(`${name} is not a date: use ISO 8601 such as ${example}`);
  const given = formatIso(since);
  if (since.getTime() > now.getTime()) throw new ConfigError(`${name} ${given} is in the future: give the past month the history should start in, such as ${example}`);
  if (since.getTime() < EARLIEST_BACKFILL.getTime())
    throw new ConfigError(`${name} ${given} is before ${formatIso(EARLIEST_BACKFILL).slice(0, 10)}, earlier than any Amazon Pay data: give the month your account started, such as ${example}`);
  const current = monthStart(now);
  if (since.getTime() >= current.getTime()) {
    const previous = formatIso(new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))).slice(0, 10);
    throw new ConfigError(`${name} ${given} is in the current month (${formatIso(current).slice(0, 7)}), which is not over: backfill covers whole past months (sync lists the recent reports); give an earlier date such as ${previous}`);
  }
}

function monthStart(d: Date): Date {
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), 1));
}
