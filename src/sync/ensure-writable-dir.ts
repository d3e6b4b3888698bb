import { mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { localWriteError } from '../download/local-write-error.js';

/**
 * Fails fast, before any API call, when report files could not be written to `dir`: creates it
 * and writes then removes a probe file (permission bits alone say nothing when running as root).
 * The name is fixed so a probe left by a killed run is reused and removed by the next one; the
 * sync lock keeps two runs from sharing it.
 */
export async function ensureWritableDir(dir: string): Promise<void> {
  const probe = join(dir, '.amazon-pay-reports-write-probe');
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(probe, '', { mode: 0o600 });
  } catch (error) {
    throw localWriteError(error, probe);
  }
  await rm(probe, { force: true });
}
