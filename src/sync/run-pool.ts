/**
 * Runs `work` over `items` with at most `concurrency` in flight. Every item is attempted until
 * `stop()` says otherwise (work in flight finishes); `work` handles its own errors.
 *
 * With `prepare`, each worker starts preparing its next item as it begins the current one, so a
 * short step (the sync mints the next document URL) overlaps the long one (the file transfer)
 * instead of adding a round trip per item.
 */
export async function runPool<T, P>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, prepared: P | undefined) => Promise<void>,
  stop: () => boolean = () => false,
  prepare?: (item: T) => P,
): Promise<void> {
  let next = 0;
  const take = (): { item: T; prepared: P | undefined } | undefined => {
    if (next >= items.length || stop()) return undefined;
    const item = items[next++] as T;
    return { item, prepared: prepare?.(item) };
  };
  const worker = async (): Promise<void> => {
    let current = take();
    while (current) {
      const upcoming = prepare && !stop() ? take() : undefined;
      await work(current.item, current.prepared);
      // A prepared item is dropped, not worked on, once stop() says so.
      current = stop() ? undefined : (upcoming ?? take());
    }
  };
  const n = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: n }, worker));
}
