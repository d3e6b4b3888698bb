import type { Client, Report } from '../client/types.js';
import { sleep as abortableSleep } from '../sleep.js';

export interface PollOptions {
  /** Stop asking after this long and return the report as last seen (still IN_PROGRESS). */
  timeoutMs: number;
  /** First wait between two looks, doubled each time up to `maxDelayMs` (default 0.5 s and 30 s). */
  firstDelayMs?: number;
  maxDelayMs?: number;
  /** Wait before the first look too (a report just created is never ready at once). */
  waitFirst?: boolean;
  now?: () => Date;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  signal?: AbortSignal;
  /** Told before each wait, with the report as last seen (absent before the first look) and the delay. */
  onWait?: (report: Report | undefined, delayMs: number) => void;
}

/**
 * Asks Get Report By Id, with exponentially growing waits, until the report leaves IN_PROGRESS
 * or `timeoutMs` has passed; returns the report as last seen. Amazon documents no processing time
 * (api.md §13), so the waits start short and grow.
 */
export async function pollReport(client: Client, reportId: string, options: PollOptions): Promise<Report> {
  const now = options.now ?? (() => new Date());
  const sleep = options.sleep ?? abortableSleep;
  const deadline = now().getTime() + options.timeoutMs;
  const maxDelay = options.maxDelayMs ?? 30_000;
  let delay = options.firstDelayMs ?? 500;
  const pause = async (report: Report | undefined, left: number): Promise<void> => {
    const ms = Math.max(0, Math.min(delay, left));
    options.onWait?.(report, ms);
    await sleep(ms, options.signal);
    delay = Math.min(delay * 2, maxDelay);
  };
  if (options.waitFirst) await pause(undefined, deadline - now().getTime());
  for (;;) {
    const report = await client.reports.get(reportId, options.signal ? { signal: options.signal } : {});
    if (report.processingStatus !== 'IN_PROGRESS') return report;
    const left = deadline - now().getTime();
    if (left <= 0) return report;
    await pause(report, left);
  }
}
