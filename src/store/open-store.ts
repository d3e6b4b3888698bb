import { existsSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { openSqliteStore } from './sqlite/open-sqlite-store.js';
import type { SqliteStoreOptions } from './sqlite/sqlite-store-options.js';
import type { Store } from './store.js';

export interface OpenStoreOptions extends SqliteStoreOptions {
  /** Refuse a store that does not exist yet instead of creating it (reading commands). */
  mustExist?: boolean;
}

/**
 * Opens the store at `location`: a SQLite file path (created on first use unless `mustExist` or
 * `readOnly`), or `:memory:`. The one entry point every consumer uses; engines live behind it.
 */
export function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (/^postgres(ql)?:\/\//i.test(location)) {
    return Promise.reject(new ConfigError('PostgreSQL stores are not in this version yet: use a SQLite file path for --db'));
  }
  if ((options.mustExist || options.readOnly) && location !== ':memory:' && !existsSync(location)) {
    return Promise.reject(new ConfigError(`no store at ${location}: run \`amazon-pay-reports sync\` first, or pass --db`));
  }
  const { mustExist: _ignored, ...rest } = options;
  // A promise either way: a failure to open rejects, it never throws at the call.
  return new Promise((done) => done(openSqliteStore(location, rest)));
}
