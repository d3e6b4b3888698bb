import { existsSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { openStore } from '../store/open-store.js';
import type { Store } from '../store/store.js';

/** Opens the store for reading commands; a missing file is a usage error (exit 2) rather than a new empty store. */
export function openExistingStore(path: string): Store {
  if (path !== ':memory:' && !existsSync(path)) {
    throw new ConfigError(`no store at ${path}: run \`amazon-pay-reports sync\` first, or pass --db`);
  }
  return openStore(path);
}
