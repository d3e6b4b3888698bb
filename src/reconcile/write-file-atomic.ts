import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { removeDeadTempFiles, tempNameFor } from './remove-dead-temp-files.js';

/**
 * Writes text chunks to `path` via a temp file in the same folder, fsync and rename: readers see
 * the old file or the whole new one. The file is owner-only (0600): exports hold the books. Temp
 * files of earlier writers that were killed on the way are removed first.
 */
export function writeFileAtomic(path: string, chunks: Iterable<string>): number {
  const dir = dirname(path);
  removeDeadTempFiles(dir, basename(path));
  const tmp = join(dir, tempNameFor(basename(path), process.pid, randomBytes(4).toString('hex')));
  const fd = openSync(tmp, 'wx', 0o600);
  let bytes = 0;
  try {
    for (const chunk of chunks) bytes += writeSync(fd, chunk);
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
