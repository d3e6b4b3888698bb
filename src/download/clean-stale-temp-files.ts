import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileSystemNow } from './file-system-now.js';
import { ownerIsGone, tempOwner } from './temp-file-name.js';

/**
 * A temp file untouched this long is stale whoever owns it: a live download writes at least once
 * per stall timeout (60 s), and a day also covers a pid reused since, or a writer on another host.
 */
export const STALE_TEMP_AGE_MS = 24 * 60 * 60 * 1000;

/**
 * Removes temp files a killed download left in `outDir` and its type folders; returns their paths.
 * Only provably stale ones: written by a process of this host that is gone, or untouched for
 * `STALE_TEMP_AGE_MS`. Another sync writing into the same folder keeps its files. `olderThan`
 * spares anything modified since.
 */
export async function cleanStaleTempFiles(outDir: string, options: { olderThan?: Date; now?: () => Date } = {}): Promise<string[]> {
  // Ages are judged on the disk's own clock unless the caller gives one (tests).
  const now = (options.now ? options.now() : await fileSystemNow(outDir)).getTime();
  const removed: string[] = [];
  const folders = [outDir];
  for (const entry of await entries(outDir)) if (entry.isDirectory()) folders.push(join(outDir, entry.name));
  for (const folder of folders) {
    for (const entry of await entries(folder)) {
      const owner = entry.isFile() ? tempOwner(entry.name) : undefined;
      if (owner === undefined) continue;
      const path = join(folder, entry.name);
      const mtime = (await stat(path).catch(() => undefined))?.mtime;
      if (!mtime || (options.olderThan && mtime >= options.olderThan)) continue;
      if (!(owner !== null && ownerIsGone(owner)) && now - mtime.getTime() < STALE_TEMP_AGE_MS) continue;
      await rm(path, { force: true });
      removed.push(path);
    }
  }
  return removed;
}

async function entries(folder: string) {
  try {
    return await readdir(folder, { withFileTypes: true });
  } catch (error) {
    if ((error as { code?: unknown }).code === 'ENOENT') return [];
    throw error;
  }
}
