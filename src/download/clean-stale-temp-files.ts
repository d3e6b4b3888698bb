import { readdir, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/** Matches the temp names downloadReport uses: `.<name>.<16 hex>.part` and `.<name>.<16 hex>.out.part`. */
const TEMP = /^\..+\.[0-9a-f]{16}(\.out)?\.part$/;

/**
 * Removes temp files a killed download left in `outDir` and its type folders; returns their paths.
 * Pass `olderThan` to spare files a concurrent download may still be writing.
 */
export async function cleanStaleTempFiles(outDir: string, options: { olderThan?: Date } = {}): Promise<string[]> {
  const removed: string[] = [];
  const folders = [outDir];
  for (const entry of await entries(outDir)) if (entry.isDirectory()) folders.push(join(outDir, entry.name));
  for (const folder of folders) {
    for (const entry of await entries(folder)) {
      if (!entry.isFile() || !TEMP.test(entry.name)) continue;
      const path = join(folder, entry.name);
      if (options.olderThan && (await stat(path)).mtime >= options.olderThan) continue;
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
