import { rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

/**
 * "Now" as the file system in `dir` stamps files: the mtime of a file just written there. File
 * ages compared with this are right even when this process's clock and the disk's differ (an NFS
 * server, a container with a shifted clock); falls back to this clock when the folder is absent.
 */
export async function fileSystemNow(dir: string): Promise<Date> {
  const probe = join(dir, `.amazon-pay-reports-clock-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(probe, '', { mode: 0o600 });
    return (await stat(probe)).mtime;
  } catch {
    return new Date();
  } finally {
    await rm(probe, { force: true }).catch(() => undefined);
  }
}
