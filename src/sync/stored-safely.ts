import { statSync } from 'node:fs';
import type { StoredReport } from '../store/stored-report.js';

/** A stored report's file counts as safe only while it is still on disk at the recorded size. */
export function isStoredSafely(r: StoredReport): r is StoredReport & { filePath: string } {
  if (!r.filePath || !r.sha256 || r.bytes === undefined) return false;
  try {
    return statSync(r.filePath).size === r.bytes;
  } catch {
    return false;
  }
}
