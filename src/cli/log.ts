import { redact } from '../redact.js';
import type { CommandContext } from './context.js';

/** Logging switches; read lazily because flags are only known once commander has parsed them. */
export interface LogLevel {
  quiet: boolean;
  verbose: boolean;
}

/** stderr logging: `info` unless --quiet, `verbose` only with --verbose, `warn` always. Every line is redacted. */
export function createLog(stderr: { write(chunk: string): unknown }, level: () => LogLevel): CommandContext['log'] {
  const write = (msg: string): void => {
    stderr.write(`${redact(msg)}\n`);
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
  };
}
