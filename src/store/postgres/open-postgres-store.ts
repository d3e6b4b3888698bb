import pg from 'pg';
import { ConfigError, StoreError } from '../../errors.js';
import type { Store } from '../store.js';
import { POSTGRES_MIGRATIONS } from './postgres-migrations.js';
import { createPostgresStore } from './postgres-store.js';
import { safeDatabaseUrl, toPostgresError } from './to-postgres-error.js';

export interface PostgresStoreOptions {
  now?: () => Date;
  readOnly?: boolean;
  /** Whose ledger in the database (default `default`): every row is keyed by it. */
  merchant?: string;
  /** Connections in the pool (default 4). */
  poolSize?: number;
}

/**
 * Connects, migrates (unless read-only) and returns the Store for one merchant. The URL's
 * password never appears in a message. A read-only store runs every session read-only, so the
 * database itself refuses a write.
 */
export async function openPostgresStore(url: string, options: PostgresStoreOptions = {}): Promise<Store> {
  const location = safeDatabaseUrl(url);
  const merchant = options.merchant ?? 'default';
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(merchant)) {
    throw new ConfigError(`merchant name ${JSON.stringify(merchant)} is not usable: letters, digits, ".", "_" and "-", at most 64`);
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 4,
    connectionTimeoutMillis: 10_000,
    ...(options.readOnly ? { options: '-c default_transaction_read_only=on' } : {}),
  });
  // An idle connection the server drops must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  try {
    await prepareSchema(pool, location, options.readOnly === true);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  return createPostgresStore(pool, location, merchant, options);
}

/** Brings the schema up to date, or (read-only) checks it is; errors name the database, never its password. */
export async function prepareSchema(pool: pg.Pool, location: string, readOnly: boolean): Promise<void> {
  try {
    if (readOnly) await checkSchema(pool, location);
    else await migrate(pool, location);
  } catch (error) {
    throw toPostgresError(location, error);
  }
}

/** One step per transaction under an advisory lock, so two processes never run the same step. */
async function migrate(pool: pg.Pool, location: string): Promise<void> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    await c.query('SELECT pg_advisory_xact_lock(hashtext($1))', ['amazon-pay-reports:migrate']);
    await c.query('CREATE TABLE IF NOT EXISTS apr_schema (version integer NOT NULL)');
    const r = await c.query<{ version: number }>('SELECT version FROM apr_schema');
    let version = r.rows[0]?.version ?? 0;
    if (r.rows.length === 0) await c.query('INSERT INTO apr_schema (version) VALUES (0)');
    if (version > POSTGRES_MIGRATIONS.length) throw newerSchema(location, version);
    while (version < POSTGRES_MIGRATIONS.length) {
      await c.query(POSTGRES_MIGRATIONS[version] as string);
      version++;
      await c.query('UPDATE apr_schema SET version = $1', [version]);
    }
    await c.query('COMMIT');
  } catch (error) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    c.release();
  }
}

async function checkSchema(pool: pg.Pool, location: string): Promise<void> {
  const exists = await pool.query<{ t: string | null }>(`SELECT to_regclass('apr_schema')::text AS t`);
  const version = exists.rows[0]?.t ? (await pool.query<{ version: number }>('SELECT version FROM apr_schema')).rows[0]?.version ?? 0 : 0;
  if (version > POSTGRES_MIGRATIONS.length) throw newerSchema(location, version);
  if (version === 0) {
    throw new ConfigError(`${location} holds no amazon-pay-reports store yet: run \`amazon-pay-reports sync\` (or \`merchants add\`) against it once to set it up (reading commands and workers never create one)`);
  }
  if (version < POSTGRES_MIGRATIONS.length) {
    throw new StoreError(`${location} has schema version ${version}, older than this version uses (${POSTGRES_MIGRATIONS.length}); run \`amazon-pay-reports sync\` once to set it up (reading commands never change a store)`);
  }
}

function newerSchema(location: string, found: number): StoreError {
  return new StoreError(`${location} has schema version ${found}, newer than this version of amazon-pay-reports knows (${POSTGRES_MIGRATIONS.length}); upgrade amazon-pay-reports`);
}
