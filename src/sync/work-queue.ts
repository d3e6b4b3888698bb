/**
 * Items that arrive while they are being worked on: the listing adds reports page by page while
 * the pool downloads the first ones. Taking waits for the next item until the queue is closed;
 * items pushed after close (a throttled report sent to the back) are still taken.
 */
export class WorkQueue<T> {
  private readonly items: T[] = [];
  private head = 0;
  private open = true;
  private waiting: (() => void)[] = [];

  /** A closed queue of these items. */
  static of<T>(items: readonly T[]): WorkQueue<T> {
    const queue = new WorkQueue<T>();
    for (const item of items) queue.push(item);
    queue.close();
    return queue;
  }

  push(item: T): void {
    this.items.push(item);
    this.wake();
  }

  /** No more items will come but those already pushed (and requeued ones). */
  close(): void {
    this.open = false;
    this.wake();
  }

  get closed(): boolean {
    return !this.open;
  }

  /** Items pushed so far, taken or not. */
  get pushed(): number {
    return this.items.length;
  }

  /** The next item if one is waiting now, without waiting. */
  poll(): { item: T } | undefined {
    if (this.head >= this.items.length) return undefined;
    const item = this.items[this.head] as T;
    // Let taken items go: a listing of a million reports need not stay referenced.
    this.items[this.head++] = undefined as T;
    return { item };
  }

  /** The next item, waiting for one; undefined once the queue is closed and empty. */
  async take(): Promise<{ item: T } | undefined> {
    for (;;) {
      const next = this.poll();
      if (next || !this.open) return next;
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private wake(): void {
    const waiting = this.waiting;
    this.waiting = [];
    for (const resolve of waiting) resolve();
  }
}
