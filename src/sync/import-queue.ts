import type { Report } from '../client/types.js';

export interface ImportQueue {
  /** Queues one stored file; imports start at once and run one at a time. */
  push(report: Report, path: string): void;
  /** Resolves when everything queued so far is done. */
  drain(): Promise<void>;
  /** Every report queued this run. */
  readonly seen: ReadonlySet<string>;
}

/**
 * Imports alongside the downloads: a chain that takes each stored file as it arrives, one at a
 * time (the store writes serially anyway). `run` handles its own failures.
 */
export function createImportQueue(run: (report: Report, path: string) => Promise<void>): ImportQueue {
  let tail: Promise<void> = Promise.resolve();
  const seen = new Set<string>();
  return {
    push(report, path) {
      seen.add(report.reportId);
      tail = tail.then(() => run(report, path)).catch(() => undefined);
    },
    drain: () => tail,
    seen,
  };
}
