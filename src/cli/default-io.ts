import { closableOutput, ignoreClosedPipe } from './closable-output.js';
import type { CliIo } from './context.js';

/** Fills the effects `main` was not given with the real process ones; `release` removes the signal listeners again. */
export function defaultIo(io: Partial<CliIo> = {}): CliIo & { release(): void } {
  let release = (): void => undefined;
  const full: CliIo & { release(): void } = {
    release: () => release(),
    stdout: io.stdout ?? process.stdout,
    stderr: io.stderr ?? process.stderr,
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    now: io.now ?? (() => new Date()),
  };
  // `| head` closing the pipe ends the command quietly instead of crashing it with EPIPE. stderr
  // stays the real stream: the progress bar needs its terminal methods.
  if (io.stdout === undefined) full.stdout = closableOutput(process.stdout);
  if (io.stderr === undefined) ignoreClosedPipe(process.stderr);
  if (io.signal) {
    full.signal = io.signal;
    return full;
  }
  // Installed on first use only: a SIGINT listener stops Node's default exit-on-Ctrl-C, which every
  // command but the long-running ones (emulator) should keep. `once`, so a second Ctrl-C still kills.
  let controller: AbortController | undefined;
  Object.defineProperty(full, 'signal', {
    enumerable: true,
    get(): AbortSignal {
      if (!controller) {
        const c = new AbortController();
        controller = c;
        const abort = (): void => c.abort();
        process.once('SIGINT', abort);
        process.once('SIGTERM', abort);
        // A library caller may run main() many times in one process: each run takes its listeners away.
        release = () => {
          process.off('SIGINT', abort);
          process.off('SIGTERM', abort);
        };
      }
      return controller.signal;
    },
  });
  return full;
}
