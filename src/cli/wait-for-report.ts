import type { Client, Report } from '../client/types.js';
import { AmazonPayError } from '../errors.js';
import { pollReport } from '../sync/poll-report.js';

export interface WaitOptions {
  /** Give up after this long (exit 1). */
  timeoutMs: number;
  log: { info(msg: string): void };
  /** First poll delay, doubled each time up to `maxDelayMs`. */
  firstDelayMs?: number;
  maxDelayMs?: number;
}

/** Polls Get Report By Id with exponential backoff until the report leaves IN_PROGRESS; an error once `timeoutMs` has passed. */
export async function waitForReport(client: Client, reportId: string, options: WaitOptions): Promise<Report> {
  const report = await pollReport(client, reportId, {
    timeoutMs: options.timeoutMs, firstDelayMs: options.firstDelayMs ?? 500, maxDelayMs: options.maxDelayMs ?? 15_000,
    onWait: (_seen, ms) => options.log.info(`Report ${reportId} is IN_PROGRESS; checking again in ${(ms / 1000).toFixed(1)} s…`),
  });
  if (report.processingStatus === 'IN_PROGRESS')
    throw new AmazonPayError(`report ${reportId} is still IN_PROGRESS after ${Math.round(options.timeoutMs / 1000)} s; check later with: amazon-pay-reports reports get ${reportId}`);
  return report;
}
