// The parse worker's entry (a worker thread started by read-report-in-worker.ts): reads, hashes,
// parses and totals one report file as readReportInThread does, and posts each step to the
// importing thread, settlement rows packed (settlement-batch-codec.ts). It stays at most
// `credit` steps ahead of what the importing thread has taken, so memory holds a few batches.
import { parentPort, workerData } from 'node:worker_threads';
import type { ParsedRecord, SettlementRecord } from '../reports/parsed-record.js';
import { readReportInThread, type ReadOptions } from './report-reading.js';
import { encodeSettlementBatch } from './settlement-batch-codec.js';
import { toWorkerError } from './worker-error.js';
import type { WorkerData, WorkerMessage } from './worker-protocol.js';

const port = parentPort;
if (!port) throw new Error('parse-worker.js runs as a worker thread (new Worker), not on its own');
const { path, options, credit: initialCredit } = workerData as WorkerData;

let credit = initialCredit;
let wake: (() => void) | undefined;
port.on('message', () => {
  credit++;
  wake?.();
});
const post = (message: WorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

const reading = readReportInThread(path, options satisfies ReadOptions);
try {
  for (let step = await reading.next(); step; step = await reading.next()) {
    while (credit === 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    if (step.records.length > 0 && allSettlement(step.records)) {
      const settlement = encodeSettlementBatch(step.records);
      post({ type: 'step', settlement, warnings: step.warnings }, [settlement.cells.buffer as ArrayBuffer]);
    } else {
      // Other kinds are cloned as they are: their files are small, and their rows are stored as JSON anyway.
      post({ type: 'step', records: step.records, warnings: step.warnings });
    }
  }
  post({ type: 'end', result: reading.result() });
} catch (error) {
  post({ type: 'error', error: toWorkerError(error) });
} finally {
  await reading.close();
  // Nothing more will come from the importing thread: let the worker end once its messages are out.
  port.unref();
}

function allSettlement(records: ParsedRecord[]): records is SettlementRecord[] {
  return records.every((r) => r.kind === 'settlement');
}
