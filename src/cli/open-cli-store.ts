import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import type { Store } from '../store/store.js';
import type { CliIo, ResolvedSettings } from './context.js';
import { DEMO_DB } from './settings.js';

/**
 * Opens the store a command works on. Reading commands open it read-only (so they work on a
 * read-only file or disk and can never change it) and refuse a store that does not exist,
 * pointing at the demo store when that is what the user has.
 */
export async function openCliStore(settings: ResolvedSettings, io: CliIo, options: { readOnly?: boolean; db?: string } = {}): Promise<Store> {
  const db = options.db ?? settings.db;
  const { openStore, isPostgresUrl } = await import('../store/open-store.js');
  if (!isPostgresUrl(db)) {
    if (settings.merchant !== undefined) throw new ConfigError('--merchant picks a ledger in a PostgreSQL store; a SQLite store holds one account (use --db for another file)');
    if (options.readOnly && db !== ':memory:' && !existsSync(db)) throw new ConfigError(noStore(db, settings, io.cwd));
    return openStore(db, { now: io.now, ...(options.readOnly ? { readOnly: true } : {}) });
  }
  const merchant = await merchantFor(db, settings.merchant);
  return openStore(db, { now: io.now, merchant, ...(options.readOnly ? { readOnly: true } : {}) });
}

/**
 * The ledger a command works on in a PostgreSQL store: `--merchant` (which must be registered,
 * once any merchant is), or `default` while the database holds no registered merchants.
 */
async function merchantFor(url: string, given: string | undefined): Promise<string> {
  const { listMerchantNames } = await import('../store/postgres/postgres-merchants.js');
  const names = await listMerchantNames(url);
  if (given !== undefined) {
    if (names.length > 0 && !names.includes(given)) throw new ConfigError(`no merchant named ${given}: the merchants are ${names.join(', ')}`);
    return given;
  }
  if (names.length > 0) throw new ConfigError(`this store holds several merchants: pass --merchant NAME (one of ${names.join(', ')})`);
  return 'default';
}

function noStore(db: string, settings: ResolvedSettings, cwd: string): string {
  const demo = resolve(cwd, DEMO_DB);
  if (!settings.dbChosen && existsSync(demo)) {
    return `no store at ${db}; the demo sync (no credentials) wrote ${demo}: pass --db ${relative(cwd, demo)} to look at it, or sync your account first`;
  }
  return `no store at ${db}: run \`amazon-pay-reports sync\` first, or pass --db`;
}
