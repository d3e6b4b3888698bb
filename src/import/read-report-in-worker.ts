import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { ReadOptions, ReadResult, ReadStep, ReportReading } from './report-reading.js';
import { decodeSettlementBatch } from './settlement-batch-codec.js';
import { fromWorkerError } from './worker-error.js';
import type { WorkerData, WorkerMessage } from './worker-protocol.js';

/** Steps the worker may run ahead of the import: enough to never wait on it, few enough to keep memory flat. */
const CREDIT = 4;
const WORKER_URL = new URL('./parse-worker.js', import.meta.url);

/**
 * Whether the parse worker can be started: its module is compiled next to this one in the
 * package. It is not when this module runs from TypeScript sources (the test suite), whose
 * worker threads cannot load `.ts` files; the import then reads in its own thread.
 */
export function parseWorkerAvailable(): boolean {
  return WORKER_URL.protocol === 'file:' && existsSync(fileURLToPath(WORKER_URL));
}

/**
 * Reads a report file as readReportInThread does, in a worker thread: the file is read, hashed,
 * parsed and totalled there, while this thread inserts the rows it has already received. On
 * two cores the import then takes about as long as its inserts alone.
 */
export function readReportInWorker(path: string, options: ReadOptions): ReportReading {
  const data: WorkerData = { path, options, credit: CREDIT };
  const worker = new Worker(WORKER_URL, { workerData: data });
  const inbox: WorkerMessage[] = [];
  let failure: Error | undefined;
  let exited = false;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    wake?.();
    wake = undefined;
  };
  worker.on('message', (m: WorkerMessage) => {
    inbox.push(m);
    notify();
  });
  worker.on('error', (error) => {
    failure ??= error;
    notify();
  });
  worker.on('exit', () => {
    exited = true;
    notify();
  });
  let result: ReadResult | undefined;
  return {
    async next(): Promise<ReadStep | undefined> {
      if (result) return undefined;
      for (;;) {
        const m = inbox.shift();
        if (m?.type === 'step') {
          worker.postMessage('more');
          return { records: m.settlement ? decodeSettlementBatch(m.settlement) : m.records ?? [], warnings: m.warnings };
        }
        if (m?.type === 'end') {
          result = m.result;
          return undefined;
        }
        if (m?.type === 'error') throw fromWorkerError(m.error);
        if (failure) throw failure;
        if (exited) throw new Error(`the parse worker for ${path} stopped before the end of the file`);
        await new Promise<void>((resolve) => (wake = resolve));
      }
    },
    result(): ReadResult {
      if (!result) throw new Error(`${path} is not read to its end yet`);
      return result;
    },
    async close(): Promise<void> {
      if (!exited) await worker.terminate();
    },
  };
}
