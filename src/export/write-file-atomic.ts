import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { removeDeadTempFiles } from './remove-dead-temp-files.js';

/** Writes text (UTF-8) or byte chunks to `path` via a temp file in the same folder, fsync and rename: readers see the old file or the whole new one. Owner-only (0600): exports hold the books. */
export async function writeFileAtomic(path: string, chunks: Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>): Promise<number> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`);
  removeDeadTempFiles(dirname(path), basename(path)); // what an export killed on the way left behind
  const fd = openSync(tmp, 'wx', 0o600); // owner-only: exports hold the books (the rename keeps the mode)
  let bytes = 0;
  try {
    for await (const chunk of chunks) bytes += typeof chunk === 'string' ? writeSync(fd, chunk) : writeSync(fd, chunk);
    fsyncSync(fd);
    closeSync(fd);
  } catch (error) {
    closeSync(fd);
    rmSync(tmp, { force: true });
    throw error;
  }
  try {
    renameSync(tmp, path);
  } catch (error) {
    rmSync(tmp, { force: true });
    throw error;
  }
  return bytes;
}
