import { regionProfile } from '../../src/emulator/regions.js';

/**
 * An emulator settlement time of day 12 hours from the wall clock, in the region's zone. Amazon
 * (and the emulator) list a settlement's disbursement minutes after its report: a test that syncs
 * and expects every payout matched must not run in that window, whatever the hour it runs at.
 */
export function settlementTimeAwayFromNow(region?: string): number {
  const parts = new Intl.DateTimeFormat('en-US', { timeZone: regionProfile(region).timeZone, hour: 'numeric', minute: 'numeric', hourCycle: 'h23' }).formatToParts(new Date());
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return (part('hour') * 3600 + part('minute') * 60 + 12 * 3600) % 86_400;
}
