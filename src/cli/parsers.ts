import { InvalidArgumentError } from 'commander';
import { parseTime } from '../dates.js';
import { PROCESSING_STATUSES, REPORT_TYPES, SCHEDULE_FREQUENCIES, toReportType, type ReportType } from '../report-types.js';

// commander argParsers: an InvalidArgumentError becomes a usage error (exit 2) naming the option.

/** A whole number >= 1. */
export function positiveInt(name: string): (value: string) => number {
  return (value) => {
    if (!/^\d+$/.test(value.trim()) || Number(value) < 1) throw new InvalidArgumentError(`${name} must be a whole number of at least 1.`);
    return Number(value);
  };
}

/** A page size: 1..100, the API's limits. */
export function pageSize(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= 1 && n <= 100)) throw new InvalidArgumentError('page size must be a whole number from 1 to 100.');
  return n;
}

/** An ISO 8601 time as cli.md accepts it; a date alone is midnight UTC. */
export function time(value: string): Date {
  const d = parseTime(value);
  if (!d) throw new InvalidArgumentError('not a date/time: use ISO 8601 such as 2026-11-01, 2026-11-01T10:00:00Z or 20261101T100000Z.');
  return d;
}

/** One report type, full or short name. */
export function reportType(value: string): ReportType {
  const t = toReportType(value.trim());
  if (!t) throw new InvalidArgumentError(`unknown report type; use one of ${Object.keys(REPORT_TYPES).join(', ')} (or the full _GET_…_ name).`);
  return t;
}

/** Repeatable and comma-separated report types, accumulated. */
export function reportTypes(value: string, previous: ReportType[] | undefined): ReportType[] {
  return [...(previous ?? []), ...splitList(value).map(reportType)];
}

/** Repeatable and comma-separated processing statuses, upper-cased. */
export function statuses(value: string, previous: string[] | undefined): string[] {
  const parsed = splitList(value).map((s) => {
    const up = s.toUpperCase();
    if (!(PROCESSING_STATUSES as readonly string[]).includes(up))
      throw new InvalidArgumentError(`unknown status; use one of ${PROCESSING_STATUSES.join(', ')}.`);
    return up;
  });
  return [...(previous ?? []), ...parsed];
}

/** A schedule frequency (ISO 8601 duration the API accepts). */
export function frequency(value: string): string {
  const up = value.trim().toUpperCase();
  if (!(SCHEDULE_FREQUENCIES as readonly string[]).includes(up))
    throw new InvalidArgumentError(`unknown frequency; use one of ${SCHEDULE_FREQUENCIES.join(', ')}.`);
  return up;
}

function splitList(value: string): string[] {
  const parts = value.split(',').map((s) => s.trim()).filter((s) => s !== '');
  if (parts.length === 0) throw new InvalidArgumentError('must not be empty.');
  return parts;
}
