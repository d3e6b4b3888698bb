import { formatIso } from '../dates.js';
import { ConfigError } from '../errors.js';

/** `--since` after `--until` selects nothing and is surely a slip: a usage error (exit 2) rather than an empty result. */
export function checkTimeRange(since: Date | undefined, until: Date | undefined): void {
  if (since && until && since.getTime() > until.getTime())
    throw new ConfigError(`--since ${formatIso(since)} is after --until ${formatIso(until)}: swap them`);
}
