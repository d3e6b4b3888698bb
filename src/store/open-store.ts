import { existsSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import { openSqliteStore } from './sqlite/open-sqlite-store.js';
import type { SqliteStoreOptions } from './sqlite/sqlite-store-options.js';
import type { Store } from './store.js';

export interface OpenStoreOptions extends SqliteStoreOptions {
  /** PostgreSQL only: whose ledger in the database (default `default`). */
  merchant?: string;
}

/** Whether a --db value names a PostgreSQL database rather than a SQLite file. */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

/**
 * Opens the store at `location`: a `postgres://` URL (PostgreSQL, migrated on first use), a
 * SQLite file path (created on first use unless `readOnly`), or `:memory:`. The
 * one entry point every consumer uses; engines live behind it.
 */
export function openStore(location: string, options: OpenStoreOptions = {}): Promise<Store> {
  if (isPostgresUrl(location)) {
    // Loaded only here: a SQLite user never loads pg.
    return import('./postgres/open-postgres-store.js').then(({ openPostgresStore }) => openPostgresStore(location, {
      ...(options.now ? { now: options.now } : {}), ...(options.readOnly ? { readOnly: true } : {}),
      ...(options.merchant === undefined ? {} : { merchant: options.merchant }),
    }));
  }
  if (options.readOnly && location !== ':memory:' && !existsSync(location)) {
    return Promise.reject(new ConfigError(`no store at ${location}: run \`amazon-pay-reports sync\` first, or pass --db`));
  }
  const { merchant: _merchant, ...rest } = options;
  // A promise either way: a failure to open rejects, it never throws at the call.
  return new Promise((done) => done(openSqliteStore(location, rest)));
}
