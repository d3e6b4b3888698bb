import { CommanderError } from 'commander';
import { AmazonPayError, AuthError, ConfigError, NetworkError, NotFoundError, RateLimitError } from '../errors.js';
import { redact } from '../redact.js';

export interface ErrorReport {
  exitCode: number;
  /** What goes to stderr: one line, redacted; plus the stack with --verbose for unexpected errors. */
  text: string;
}

const PREFIX = 'amazon-pay-reports: ';

/** Turns whatever an action threw into an exit status and one clear, redacted line. */
export function reportError(err: unknown, verbose: boolean): ErrorReport {
  if (err instanceof CommanderError) {
    const msg = oneLine(err.message.replace(/^error: /, ''));
    return { exitCode: 2, text: `${PREFIX}${msg} (see --help)\n` };
  }
  if (err instanceof AmazonPayError) {
    const hint = hintFor(err);
    return { exitCode: err.exitCode, text: `${PREFIX}${oneLine(err.message)}${hint ? ` (${hint})` : ''}\n` };
  }
  const message = err instanceof Error ? err.message : String(err);
  const stack = verbose && err instanceof Error && err.stack ? `${redact(err.stack)}\n` : '';
  return { exitCode: 1, text: `${PREFIX}unexpected error: ${oneLine(message)}${verbose ? '' : ' (run with --verbose for details)'}\n${stack}` };
}

function hintFor(err: AmazonPayError): string | undefined {
  if (err instanceof AuthError)
    return 'check that the Public Key ID belongs to the private key whose public key is in Seller Central, the environment (--sandbox), and the system clock';
  if (err instanceof NotFoundError) return 'check the id; reports are kept for 90 days';
  if (err instanceof RateLimitError) return 'throttled by Amazon Pay: wait a minute and retry';
  if (err instanceof NetworkError) return 'check the network connection and --endpoint';
  if (err instanceof ConfigError) return undefined; // its message already says what to set
  return undefined;
}

function oneLine(text: string): string {
  return redact(text).replace(/\s*\n\s*/g, ' ').trim();
}
