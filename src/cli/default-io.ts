import { closableOutput, ignoreClosedPipe } from './closable-output.js';
import type { CliIo } from './context.js';

/** Fills the effects `main` was not given with the real process ones. */
export function defaultIo(io: Partial<CliIo> = {}): CliIo {
  const full: CliIo = {
    stdout: io.stdout ?? closableOutput(process.stdout),
    stderr: io.stderr ?? withClosedPipeIgnored(process.stderr),
    env: io.env ?? process.env,
    cwd: io.cwd ?? process.cwd(),
    now: io.now ?? (() => new Date()),
  };
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
      }
      return controller.signal;
    },
  });
  return full;
}

/** stderr stays the real stream (the progress bar needs its terminal methods); `2>&1 | head` must not crash it. */
function withClosedPipeIgnored(stream: NodeJS.WriteStream): NodeJS.WriteStream {
  ignoreClosedPipe(stream);
  return stream;
}
