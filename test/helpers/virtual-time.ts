/**
 * A virtual clock for deterministic timing tests: `sleep` queues a timer, `run` advances time
 * from timer to timer (letting promise chains settle in between) until `done` settles.
 */
export interface VirtualTime {
  now: () => number;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  run: <T>(done: Promise<T>) => Promise<T>;
}

export function virtualTime(): VirtualTime {
  let now = 0;
  let seq = 0;
  const timers: Array<{ at: number; seq: number; fire: () => void }> = [];
  const settle = () => new Promise<void>((r) => setImmediate(r));
  return {
    now: () => now,
    sleep: (ms, signal) =>
      new Promise<void>((resolve, reject) => {
        if (signal?.aborted) return reject(new Error('aborted'));
        const timer = { at: now + Math.max(0, ms), seq: seq++, fire: resolve };
        timers.push(timer);
        signal?.addEventListener('abort', () => {
          const i = timers.indexOf(timer);
          if (i >= 0) timers.splice(i, 1);
          reject(new Error('aborted'));
        }, { once: true });
      }),
    async run(done) {
      let finished = false;
      const result = done.finally(() => void (finished = true));
      result.catch(() => undefined);
      for (;;) {
        await settle();
        if (finished || timers.length === 0) break;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const t = timers.shift()!;
        now = t.at;
        t.fire();
      }
      return result;
    },
  };
}
