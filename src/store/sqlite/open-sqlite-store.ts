import { closeSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { StoreError } from '../../errors.js';
import type { Store } from '../store.js';
import { applyMigrations } from './apply-migrations.js';
import { MIGRATIONS } from './migrations.js';
import { createSqliteStore } from './sqlite-store.js';
import type { SqliteStoreOptions } from './sqlite-store-options.js';
import { toStoreError } from './to-store-error.js';

export type { SqliteStoreOptions } from './sqlite-store-options.js';

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
  // WAL lets readers run during a sync, an import included. FULL fsyncs the WAL at every commit, so
  // a commit survives power loss, not only kill -9 (NORMAL would survive only the latter); a big
  // import pays that once per report, and its checkpoint fsyncs anyway (docs/storage.md).
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // A big import grows the WAL to its own size; once checkpointed, cut it back to 64 MiB instead
  // of leaving it on disk for as long as any connection (a dashboard) stays open.
  db.pragma('journal_size_limit = 67108864');
  db.pragma('foreign_keys = ON');
}

/**
 * Read-only: SQLite's `readonly` flag, and the schema as it is. A WAL database on a read-only
 * disk or folder cannot make its -shm file, so SQLite cannot open it even for reading; then the
 * file (and its -wal, which may hold the last commits) is copied to a private temporary folder
 * and the copy is read. Costs one copy of the store; removed on close.
 */
function openReadOnly(file: string, options: SqliteStoreOptions): Store {
  const busy = `busy_timeout = ${Math.max(0, Math.trunc(options.busyTimeoutMs ?? 5000))}`;
  const clock = options.now ? { now: options.now } : {};
  let db: Database.Database;
  try {
    db = new Database(file, { readonly: true, fileMustExist: true });
    db.pragma(busy);
    checkSchema(db, file);
  } catch (error) {
    if (!isCantOpen(error)) throw storeError(file, error);
    const copy = snapshot(file);
    try {
      db = new Database(copy.file, { readonly: true, fileMustExist: true });
      checkSchema(db, file);
    } catch (retry) {
      copy.remove();
      throw storeError(file, retry);
    }
    const store = createSqliteStore(db, file, { ...clock, readOnly: true });
    return { ...store, close: async () => {
      await store.close();
      copy.remove();
    } };
  }
  return createSqliteStore(db, file, { ...clock, readOnly: true });
}

/** Copies the database and its -wal into a new owner-only temporary folder. */
function snapshot(file: string): { file: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'amazon-pay-reports-ro-'));
  const target = join(dir, basename(file));
  try {
    copyFileSync(file, target);
    if (existsSync(`${file}-wal`)) copyFileSync(`${file}-wal`, `${target}-wal`);
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw storeError(file, error);
  }
  return { file: target, remove: () => rmSync(dir, { recursive: true, force: true }) };
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
