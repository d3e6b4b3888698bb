import { dirname } from 'node:path';
import { DownloadError } from '../errors.js';

const FULL = new Set(['ENOSPC', 'EDQUOT', 'EFBIG']);
const DENIED = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'EEXIST']);

/** True for an error from the local file system (as opposed to the network). */
export function isLocalFsError(error: unknown): boolean {
  const e = error as { code?: unknown; syscall?: unknown } | undefined;
  return typeof e?.code === 'string' && typeof e.syscall === 'string' && e.syscall !== 'read' && e.syscall !== 'connect';
}

/** A DownloadError saying plainly what went wrong writing `path` and what to do. */
export function localWriteError(error: unknown, path: string): DownloadError {
  if (error instanceof DownloadError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (typeof code === 'string' && FULL.has(code)) {
    return new DownloadError(`disk full while writing ${path} (${code}); the partial file was removed and nothing else was changed — free some space and run again`, { cause: error });
  }
  if (typeof code === 'string' && DENIED.has(code)) {
    return new DownloadError(`cannot write to the folder ${dirname(path)} (${code}); check it exists and is writable, or choose another --out`, { cause: error });
  }
  return new DownloadError(`cannot write ${path}: ${detail}`, { cause: error });
}
