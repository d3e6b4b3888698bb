import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * Removes the temp files (`.<name>.<pid>.<8 hex>.tmp`, as writeFileAtomic names them) that a
 * killed writer of `name` left in `dir`, i.e. those whose pid no longer runs;
 * a live writer's temp file is left alone. Returns the names removed.
 */
export function removeDeadTempFiles(dir: string, name: string, isAlive: (pid: number) => boolean = processIsAlive): string[] {
  const prefix = `.${name}.`;
  const removed: string[] = [];
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return removed; // no folder, no temp files: the write itself reports the problem
  }
  for (const entry of entries) {
    if (!entry.startsWith(prefix)) continue;
    const m = /^(\d+)\.[0-9a-f]{8}\.tmp$/.exec(entry.slice(prefix.length));
    if (!m || isAlive(Number(m[1]))) continue;
    rmSync(join(dir, entry), { force: true });
    removed.push(entry);
  }
  return removed;
}

function processIsAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
