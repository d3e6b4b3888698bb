import { StoreError } from '../../errors.js';

/** SQLite and file-system failures as a StoreError naming the database and what to do; other errors unchanged. */
export function toStoreError(file: string, error: unknown): unknown {
  if (error instanceof StoreError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  if (typeof code !== 'string') return error;
  const detail = error instanceof Error ? error.message : String(error);
  const is = (prefix: string): boolean => code === prefix || code.startsWith(`${prefix}_`);
  if (is('SQLITE_NOTADB') || is('SQLITE_CORRUPT')) {
    return new StoreError(
      `${file} is not a usable database (${detail}); it was left untouched: move it aside or restore a backup, then run again to start a new store`,
      { cause: error },
    );
  }
  if (is('SQLITE_BUSY') || is('SQLITE_LOCKED')) {
    return new StoreError(`${file} is locked by another process (${detail}); wait for it to finish and run again`, { cause: error });
  }
  if (is('SQLITE_FULL') || code === 'ENOSPC') {
    return new StoreError(`disk full while writing ${file}; the last change was not committed — free some space and run again`, { cause: error });
  }
  if (['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST'].includes(code) || is('SQLITE_CANTOPEN') || is('SQLITE_READONLY') || is('SQLITE_PERM')) {
    return new StoreError(`cannot open ${file} for writing (${detail}); check the folder exists and is writable, or pass --db`, { cause: error });
  }
  if (is('SQLITE_IOERR')) return new StoreError(`I/O error on ${file} (${detail}); check the disk and run again`, { cause: error });
  return error;
}
