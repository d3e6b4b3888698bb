import { closeSync, mkdirSync, openSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../errors.js';
import { applyMigrations } from './apply-migrations.js';
import { createStore, type Store } from './store.js';
import { toStoreError } from './to-store-error.js';

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
    // First, so that even switching to WAL waits for another process instead of failing at once.
    db.pragma(`busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`);
    // WAL lets readers run during a sync; FULL fsyncs every commit (durability beats speed for a money ledger).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.pragma('foreign_keys = ON');
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

/** An open/migrate failure as a StoreError naming the file. */
function storeError(file: string, error: unknown): StoreError {
  const translated = toStoreError(file, error);
  if (translated instanceof StoreError) return translated;
  const detail = error instanceof Error ? error.message : String(error);
  return new StoreError(`cannot use the store ${file}: ${detail}`, { cause: error });
}
