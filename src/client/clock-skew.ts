// The API rejects an x-amz-pay-date in the future (api.md §7.3); a local clock that runs fast or
// slow breaks every request. The server's Date header tells us by how much.

/** Skew below this is ignored: the Date header has 1 s resolution plus network latency. */
export const SKEW_THRESHOLD_MS = 5_000;

/**
 * The clock offset to use after a response: `serverDate − localNow` when the response's Date
 * header disagrees with the corrected local clock by more than the threshold, else the current one.
 */
export function learnClockOffset(dateHeader: string | null | undefined, localNowMs: number, currentOffsetMs: number): number {
  if (!dateHeader) return currentOffsetMs;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return currentOffsetMs;
  if (Math.abs(server - (localNowMs + currentOffsetMs)) <= SKEW_THRESHOLD_MS) return currentOffsetMs;
  return server - localNowMs;
}

/** True for the API's rejection of our `x-amz-pay-date` (in the future, or too old). */
export function isDateRejection(status: number, reasonCode: string | undefined, message: string): boolean {
  return status === 400 && reasonCode === 'InvalidHeaderValue' && /x-amz-pay-date/i.test(message);
}
