import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../../errors.js';
import type { Store } from '../store.js';
import { applyMigrations } from './apply-migrations.js';
import { MIGRATIONS } from './migrations.js';
import { createSqliteStore } from './sqlite-store.js';
import { toStoreError } from './to-store-error.js';

export interface SqliteStoreOptions {
  /** Clock for first_seen_at / updated_at / run times. */
  now?: () => Date;
  /** How long to wait for another connection's write lock, ms (default 5000). */
  busyTimeoutMs?: number;
  /** Open an existing store for reading only: nothing is created, migrated or written (works on a read-only file or disk). */
  readOnly?: boolean;
}

/** Opens (creating, owner-only) and migrates the SQLite store at `path`; StoreError when it is unusable. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): Store {
  const file = path === ':memory:' ? path : resolve(path);
  if (options.readOnly) return openReadOnly(file, options);
  if (file !== ':memory:') createOwnerOnly(file);
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw storeError(file, error);
  }
  try {
    configureConnection(db, options.busyTimeoutMs);
    applyMigrations(db, file);
  } catch (error) {
    db.close();
    throw storeError(file, error);
  }
  return createSqliteStore(db, file, options.now ? { now: options.now } : {});
}

/** The settings every writing connection gets. */
export function configureConnection(db: Database.Database, busyTimeoutMs = 5000): void {
  // First, so that even switching to WAL waits for another process instead of failing at once.
  db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(busyTimeoutMs))}`);
  // WAL lets readers run during a sync; FULL fsyncs every commit (durability beats speed for a money ledger).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
}

/**
 * Read-only: SQLite's `readonly` flag, and the schema as it is. A WAL database on a read-only
 * file or folder cannot make its -shm file; `immutable` then reads the main file as it stands
 * (the last sync's close checkpointed it), which is all a reading command needs.
 */
function openReadOnly(file: string, options: SqliteStoreOptions): Store {
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    checkSchema(db, file);
  } catch (error) {
    if (!isCantOpen(error)) throw storeError(file, error);
    try {
      db = new Database(`file:${encodeURI(file)}?immutable=1`, { readonly: true, fileMustExist: true });
      checkSchema(db, file);
    } catch (retry) {
      throw storeError(file, retry);
    }
  }
  return createSqliteStore(db, file, { ...(options.now ? { now: options.now } : {}), readOnly: true });
}

function checkSchema(db: Database.Database, file: string): void {
  const version = Number(db.pragma('user_version', { simple: true }));
  if (version > MIGRATIONS.length) {
    throw new StoreError(`${file} has schema version ${version}, newer than this version of amazon-pay-reports knows (${MIGRATIONS.length}); upgrade amazon-pay-reports or use another --db`);
  }
  if (version < MIGRATIONS.length) {
    throw new StoreError(`${file} has schema version ${version}, older than this version uses (${MIGRATIONS.length}); run \`amazon-pay-reports sync\` once to upgrade it (reading commands never change a store)`);
  }
}

function isCantOpen(error: unknown): boolean {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'string' && (code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY'));
}

/** A new database file starts at 0600: SQLite then gives its -wal and -shm files the same mode. */
function createOwnerOnly(file: string): void {
  try {
    mkdirSync(dirname(file), { recursive: true });
    closeSync(openSync(file, 'a', 0o600));
  } catch (error) {
    throw storeError(file, error);
  }
}

/** An open/migrate failure as a StoreError naming the file. */
function storeError(file: string, error: unknown): StoreError {
  const translated = toStoreError(file, error);
  if (translated instanceof StoreError) return translated;
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreError(`cannot use the store ${file}: ${detail}`, { cause: error });
}
