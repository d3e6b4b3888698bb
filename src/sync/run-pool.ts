import { WorkQueue } from './work-queue.js';

/**
 * Runs `work` over `items` with at most `concurrency` in flight. Every item is attempted until
 * `stop()` says otherwise (work in flight finishes); `work` handles its own errors. Items may be
 * a WorkQueue still being filled: workers then wait for more until it is closed.
 *
 * With `prepare`, each worker starts preparing its next item (when one is waiting) as it begins
 * the current one, so a short step (the sync mints the next document URL) overlaps the long one
 * (the file transfer) instead of adding a round trip per item.
 */
export async function runPool<T, P>(
  items: readonly T[] | WorkQueue<T>,
  concurrency: number,
  work: (item: T, prepared: P | undefined) => Promise<void>,
  stop: () => boolean = () => false,
  prepare?: (item: T) => P,
): Promise<void> {
  const queue = items instanceof WorkQueue ? items : WorkQueue.of(items);
  const ready = (next: { item: T } | undefined): { item: T; prepared: P | undefined } | undefined =>
    next && { item: next.item, prepared: prepare?.(next.item) };
  const worker = async (): Promise<void> => {
    for (let current = stop() ? undefined : ready(await queue.take()); current && !stop();) {
      const upcoming = prepare && !stop() ? ready(queue.poll()) : undefined;
      await work(current.item, current.prepared);
      // A prepared item is dropped, not worked on, once stop() says so.
      if (stop()) return;
      current = upcoming ?? ready(await queue.take());
    }
  };
  const n = Math.max(1, queue.closed ? Math.min(concurrency, queue.pushed) : concurrency);
  await Promise.all(Array.from({ length: n }, worker));
}
