import { redact } from '../redact.js';
import type { CommandContext } from './context.js';

/** Logging switches; read lazily because flags are only known once commander has parsed them. */
export interface LogLevel {
  quiet: boolean;
  verbose: boolean;
}

/**
 * stderr logging: `info` unless --quiet, `verbose` only with --verbose, `warn` always. Every line
 * is redacted. While a progress bar is drawn, `redirect` sends the lines to it, so that they are
 * printed above the bar instead of into it.
 */
export function createLog(stderr: { write(chunk: string): unknown }, level: () => LogLevel): CommandContext['log'] {
  let sink: ((line: string) => void) | undefined;
  const write = (msg: string): void => {
    const line = `${redact(msg)}\n`;
    if (sink) sink(line);
    else stderr.write(line);
  };
  return {
    info(msg) {
      if (!level().quiet) write(msg);
    },
    verbose(msg) {
      if (level().verbose) write(msg);
    },
    warn(msg) {
      write(`warning: ${msg}`);
    },
    redirect(to) {
      const previous = sink;
      sink = to;
      return () => {
        sink = previous;
      };
    },
  };
}
