// The API rejects an x-amz-pay-date in the future (api.md §7.3); a local clock that runs fast or
// slow breaks every request. The server's Date header tells us by how much.

/** Skew below this is ignored: the Date header has 1 s resolution plus network latency. */
export const SKEW_THRESHOLD_MS = 5_000;

/** Local times (ms) around one exchange: the request sent, its response headers received. */
export interface ExchangeTimes {
  sentMs: number;
  receivedMs: number;
}

/**
 * The clock offset to use after a response. The server stamped its Date header some time between
 * our send and the headers' arrival; only a Date outside that window (widened by the threshold)
 * shows skew, so a slow server or a slow body is never mistaken for a wrong clock. The new offset
 * is the smallest one that puts the Date back inside the window. A bare number is both times.
 */
export function learnClockOffset(dateHeader: string | null | undefined, local: number | ExchangeTimes, currentOffsetMs: number): number {
  if (!dateHeader) return currentOffsetMs;
  const server = Date.parse(dateHeader);
  if (Number.isNaN(server)) return currentOffsetMs;
  const { sentMs, receivedMs } = typeof local === 'number' ? { sentMs: local, receivedMs: local } : local;
  if (server < sentMs + currentOffsetMs - SKEW_THRESHOLD_MS) return server - sentMs;
  if (server > receivedMs + currentOffsetMs + SKEW_THRESHOLD_MS) return server - receivedMs;
  return currentOffsetMs;
}

/** True for the API's rejection of our `x-amz-pay-date` (in the future, or too old). */
export function isDateRejection(status: number, reasonCode: string | undefined, message: string): boolean {
  return status === 400 && reasonCode === 'InvalidHeaderValue' && /x-amz-pay-date/i.test(message);
}
