import { cleanStaleTempFiles } from '../download/download-report.js';
import type { Store } from '../store/store.js';
import type { StoreIdentity } from '../store/stored-report.js';
import { ensureWritableDir } from './ensure-writable-dir.js';

/**
 * What a sync and a backfill do before their work: check the store belongs to `identity`
 * (refused before anything is written), take its sync lock, check `outDir` is writable and clear
 * the temp files a killed run left there; then `work`, with the lock released however it ends.
 */
export async function withRunLock<T>(store: Store, identity: StoreIdentity | undefined, outDir: string, now: () => Date, work: () => Promise<T>): Promise<T> {
  if (identity) await store.bindIdentity(identity);
  const lock = await store.acquireSyncLock({ now });
  try {
    await ensureWritableDir(outDir);
    await cleanStaleTempFiles(outDir);
    return await work();
  } finally {
    await lock.release();
  }
}
