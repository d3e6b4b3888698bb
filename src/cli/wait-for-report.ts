import { setTimeout as sleep } from 'node:timers/promises';
import type { Client, Report } from '../client/types.js';
import { AmazonPayError } from '../errors.js';

export interface WaitOptions {
  /** Give up after this long (exit 1). */
  timeoutMs: number;
  log: { info(msg: string): void };
  /** First poll delay, doubled each time up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/** Polls Get Report By Id with exponential backoff until the report leaves IN_PROGRESS. */
export async function waitForReport(client: Client, reportId: string, options: WaitOptions): Promise<Report> {
  const deadline = Date.now() + options.timeoutMs;
  let delay = options.firstDelayMs ?? 500;
  const maxDelay = options.maxDelayMs ?? 15_000;
  for (;;) {
    const report = await client.reports.get(reportId);
    if (report.processingStatus !== 'IN_PROGRESS') return report;
    const left = deadline - Date.now();
    if (left <= 0)
      throw new AmazonPayError(`report ${reportId} is still IN_PROGRESS after ${Math.round(options.timeoutMs / 1000)} s; check later with: amazon-pay-reports reports get ${reportId}`);
    options.log.info(`Report ${reportId} is IN_PROGRESS; checking again in ${(Math.min(delay, left) / 1000).toFixed(1)} s…`);
    await sleep(Math.min(delay, left));
    delay = Math.min(delay * 2, maxDelay);
  }
}
