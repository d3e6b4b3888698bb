import { ConfigError } from '../errors.js';
import { instantOfLocal, zoneOffsetMinutes } from './files/time-zone.js';

const DAY_MS = 86_400_000;

/**
 * When a seller's settlement periods start and end: every `periodDays` local days at the
 * seller's settlement time of day, in the marketplace's time zone. Period k starts on local day
 * `k × periodDays` (days since 1970-01-01 on the local calendar) at `timeOfDaySeconds`, and ends
 * where period k + 1 starts, so periods tile time with no gap or overlap; across a daylight-saving
 * change a daily period is 23 or 25 hours long, as the wall clock says.
 */
export class SettlementCalendar {
  constructor(readonly timeZone: string, readonly periodDays: number, readonly timeOfDaySeconds: number) {
    if (!Number.isInteger(periodDays) || periodDays < 1 || periodDays > 30) throw new ConfigError(`settlement period of ${periodDays} days: use 1 to 30 (Amazon Pay periods are at most 30 days)`);
    if (!Number.isInteger(timeOfDaySeconds) || timeOfDaySeconds < 0 || timeOfDaySeconds >= 86_400) throw new ConfigError(`settlement time of day ${timeOfDaySeconds} s: use 0 to 86399 seconds after local midnight`);
  }

  /** Start of period k (= end of period k − 1). */
  startOf(k: number): number {
    return instantOfLocal(this.timeZone, k * this.periodDays * DAY_MS + this.timeOfDaySeconds * 1000);
  }

  /** The local day number a period starts on: what its ids and amounts are derived from. */
  localDayOf(k: number): number {
    return k * this.periodDays;
  }

  /** The last period that has ended at or before `ms`. */
  lastEndedBy(ms: number): number {
    const localDay = (ms + zoneOffsetMinutes(this.timeZone, ms) * 60_000 - this.timeOfDaySeconds * 1000) / DAY_MS;
    let k = Math.floor(localDay / this.periodDays) - 1;
    while (this.startOf(k + 1) > ms) k--;
    while (this.startOf(k + 2) <= ms) k++;
    return k;
  }
}
