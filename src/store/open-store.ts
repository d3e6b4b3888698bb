import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { applyMigrations } from './apply-migrations.js';
import { createStore, type Store } from './store.js';

export interface OpenStoreOptions {
  /** Clock for first_seen_at / updated_at / run times. */
  now?: () => Date;
  /** How long to wait for another connection's write lock, ms (default 5000). */
  busyTimeoutMs?: number;
}

/** Opens (creating, owner-only) and migrates the SQLite store at `path`; StoreError when it is unusable. */
export function openStore(path: string, options: OpenStoreOptions = {}): Store {
  const file = path === ':memory:' ? path : resolve(path);
  if (file !== ':memory:') createOwnerOnly(file);
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw storeError(file, error);
  }
  try {
    // WAL lets readers run during a sync; FULL fsyncs every commit (durability beats speed for a money ledger).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    applyMigrations(db, file);
  } catch (error) {
    db.close();
    throw storeError(file, error);
  }
  return createStore(db, file, options.now);
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

/** Translates an open/migrate failure into a StoreError that names the file and what to do. */
export function storeError(file: string, error: unknown): StoreError {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown }).code;
  const detail = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT' || (typeof code === 'string' && code.startsWith('SQLITE_CORRUPT'))) {
    return new StoreError(
      `${file} is not a usable database (${detail}); it was left untouched: move it aside or restore a backup, then run again to start a new store`,
      { cause: error },
    );
  }
  if (code === 'SQLITE_BUSY' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY'))) {
    return new StoreError(`${file} is locked by another process (${detail}); wait for it to finish and run again`, { cause: error });
  }
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'SQLITE_CANTOPEN' || code === 'SQLITE_READONLY') {
    return new StoreError(`cannot open ${file} for writing (${detail}); check the folder exists and is writable, or pass --db`, { cause: error });
  }
  return new StoreError(`cannot use the store ${file}: ${detail}`, { cause: error });
}
