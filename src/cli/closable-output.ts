import { OutputClosedError } from '../errors.js';

/** The parts of process.stdout / process.stderr used here. */
export interface ProcessStream {
  write(chunk: string | Uint8Array): boolean;
  once(event: 'drain' | 'close', listener: () => void): unknown;
  off(event: 'drain' | 'close', listener: () => void): unknown;
  on(event: 'error', listener: (error: NodeJS.ErrnoException) => void): unknown;
  readonly destroyed: boolean;
}

/** stdout as the CLI writes it: `write`, and `once('drain')` for backpressure. */
export interface ClosableOutput {
  write(chunk: string | Uint8Array): boolean;
  once(event: 'drain', listener: () => void): void;
}

/**
 * Wraps stdout so a reader that closes early (`amazon-pay-reports export rows | head`) ends the
 * command quietly instead of crashing on EPIPE: the next write throws OutputClosedError, which
 * `main` turns into a normal exit, since producing output nobody reads is pointless.
 */
export function closableOutput(stream: ProcessStream): ClosableOutput {
  ignoreClosedPipe(stream);
  return {
    write(chunk) {
      if (stream.destroyed) throw new OutputClosedError('the reader of the output closed it');
      return stream.write(chunk);
    },
    once(_event, listener) {
      // A closed pipe never drains: wake the writer so that its next write sees the closed stream.
      if (stream.destroyed) return void listener();
      const wake = (): void => {
        stream.off('drain', wake);
        stream.off('close', wake);
        listener();
      };
      stream.once('drain', wake);
      stream.once('close', wake);
    },
  };
}

/** Streams that already have the listener: main() may run many times in one process. */
const guarded = new WeakSet<object>();

/**
 * Turns EPIPE on a process stream from a crash into a closed stream (Node then destroys it, and
 * later writes are dropped). Other write errors still surface.
 */
export function ignoreClosedPipe(stream: Pick<ProcessStream, 'on'>): void {
  if (guarded.has(stream)) return;
  guarded.add(stream);
  stream.on('error', (error) => {
    if (error.code !== 'EPIPE') throw error;
  });
}
