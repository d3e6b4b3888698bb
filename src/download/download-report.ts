import { createWriteStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { Client, Report } from '../client/types.js';
import { ConfigError, DownloadError, NotFoundError } from '../errors.js';
import { redact } from '../redact.js';
import { detectCompression } from './detect-compression.js';
import type { DownloadOptions, DownloadResult, PrefetchedDocument } from './download-types.js';
import { gunzipFile } from './gunzip-file.js';
import { hashFile } from './hash-file.js';
import { httpGet } from './http-get.js';
import { isLocalFsError, localWriteError } from './local-write-error.js';
import { sleep as abortableSleep } from '../sleep.js';
import { tempStem } from './temp-file-name.js';
import { reportFilePath } from './report-file-path.js';
import { fsyncDir, fsyncFile } from './sync-to-disk.js';
import { TRANSFER_BUFFER_BYTES, transferOnce, type OpenWrite } from './transfer-once.js';
import { unzipFile } from './unzip-file.js';

export type { DownloadOptions, DownloadResult, PrefetchedDocument } from './download-types.js';
export { cleanStaleTempFiles } from './clean-stale-temp-files.js';

/** Report files run to hundreds of MiB; a body or a decompressed file past this is refused. */
export const DEFAULT_MAX_BYTES = 512 * 1024 ** 2;
/** Redirects a document URL may take (S3 sends none; a CDN or proxy one or two). */
export const DEFAULT_MAX_REDIRECTS = 3;

/** Downloads one report's file: a just-in-time document URL, streamed to a temp file, fsynced, renamed into place. */
export async function downloadReport(options: DownloadOptions): Promise<DownloadResult> {
  const { client, reportId, signal } = options;
  // NaN would make no attempt at all, then report "failed after NaN attempts".
  if (options.maxAttempts !== undefined && Number.isNaN(options.maxAttempts)) throw new ConfigError('maxAttempts must be a number from 1, got NaN');
  const report = options.report ?? (await lookUp(client, reportId, signal));
  const documentId = downloadableDocument(report);
  const finalPath = reportFilePath(resolve(options.outDir), report);
  const folder = dirname(finalPath);
  await mkdir(folder, { recursive: true }).catch((error: unknown) => {
    throw localWriteError(error, finalPath);
  });
  const stem = tempStem(finalPath);
  const partPath = join(folder, `${stem}.part`);
  const outPath = join(folder, `${stem}.out.part`);
  const openWrite: OpenWrite = options.createWriteStream ?? ((path, o) => createWriteStream(path, { ...o, highWaterMark: TRANSFER_BUFFER_BYTES }));
  const caps = { maxBytes: options.maxBytes ?? DEFAULT_MAX_BYTES, maxRatio: options.maxRatio ?? 1000 };
  try {
    const { attempts, bytes: transferred, sha256 } = await transferWithRetries(options, documentId, partPath, openWrite, caps.maxBytes);
    options.onTransferred?.();
    const compression = detectCompression(await head(partPath));
    let filePath = partPath;
    let digest: { sha256: string; bytes: number };
    if (compression === 'none') {
      digest = sha256 === undefined ? await hashFile(partPath) : { sha256, bytes: transferred };
    } else {
      const sink = openWrite(outPath, { flags: 'w', start: 0, mode: 0o600 });
      // Decompression reads the complete raw temp file, so a resumed transfer is decompressed as one stream.
      digest = await (compression === 'gzip' ? gunzipFile : unzipFile)(partPath, sink, caps).catch((error: unknown) => {
        if (!(error instanceof DownloadError)) throw error;
        throw new DownloadError(`report ${reportId} (${finalPath}): ${error.message}`, { cause: error });
      });
      await rm(partPath, { force: true });
      filePath = outPath;
    }
    await fsyncFile(filePath);
    if (await sameFile(finalPath, digest)) {
      await rm(filePath, { force: true });
    } else {
      await rename(filePath, finalPath);
      await fsyncDir(folder);
    }
    return { reportId, path: finalPath, bytes: digest.bytes, sha256: digest.sha256, compression, attempts };
  } catch (error) {
    await rm(partPath, { force: true });
    await rm(outPath, { force: true });
    if (isLocalFsError(error)) throw localWriteError(error, finalPath);
    throw error;
  }
}

async function lookUp(client: Client, reportId: string, signal: AbortSignal | undefined): Promise<Report> {
  try {
    return await client.reports.get(reportId, signal ? { signal } : {});
  } catch (error) {
    if (error instanceof NotFoundError) {
      throw new DownloadError(`report ${reportId} does not exist (or is past the 90-day retention)`, { cause: error });
    }
    throw error;
  }
}

function downloadableDocument(report: Report): string {
  if (report.processingStatus !== 'COMPLETED') {
    const hint = report.processingStatus === 'IN_PROGRESS' ? 'it is still being generated; try again later' : 'it has no file to download';
    throw new DownloadError(`report ${report.reportId} is ${report.processingStatus}, not COMPLETED: ${hint}`);
  }
  if (!report.reportDocumentId) throw new DownloadError(`report ${report.reportId} is COMPLETED but has no reportDocumentId`);
  return report.reportDocumentId;
}

/** Mints a fresh URL for every attempt (it is valid for 30 s, api.md §3.4) and resumes where the last one stopped. */
async function transferWithRetries(
  options: DownloadOptions,
  documentId: string,
  partPath: string,
  openWrite: OpenWrite,
  maxBytes: number,
): Promise<{ attempts: number; bytes: number; sha256?: string }> {
  const maxAttempts = Math.max(1, options.maxAttempts ?? 5);
  const sleep = options.sleep ?? abortableSleep;
  const base = options.baseDelayMs ?? 250;
  const cap = options.maxDelayMs ?? 5000;
  const requestOptions = options.signal ? { signal: options.signal } : {};
  let have = 0;
  let last = '';
  let backoff = false;
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    if (backoff) await sleep(Math.min(cap, base * 2 ** (attempt - 2)), options.signal);
    let url: string;
    try {
      url = (attempt === 1 ? await usablePrefetched(options) : undefined) ?? (await options.client.reportDocuments.get(documentId, requestOptions)).url;
    } catch (error) {
      if (error instanceof NotFoundError) {
        throw new DownloadError(`report ${options.reportId}: its document ${documentId} does not exist (or is past the 90-day retention)`, { cause: error });
      }
      throw error;
    }
    const outcome = await transferOnce({
      httpGet: options.httpGet ?? httpGet,
      url,
      maxRedirects: options.maxRedirects ?? DEFAULT_MAX_REDIRECTS,
      partPath,
      have,
      openWrite,
      signal: options.signal,
      stallTimeoutMs: options.stallTimeoutMs ?? 60_000,
      maxBytes,
      onProgress: options.onProgress,
    });
    if (outcome.ok) return { attempts: attempt, bytes: outcome.bytes, ...(outcome.sha256 === undefined ? {} : { sha256: outcome.sha256 }) };
    have = outcome.have;
    last = redact(outcome.detail);
    // An expired URL only needs a fresh one; other trouble gets a pause first.
    backoff = outcome.reason !== 'expired';
    options.logger?.warn(`report ${options.reportId}: attempt ${attempt}/${maxAttempts} failed: ${last}`);
  }
  throw new DownloadError(`report ${options.reportId}: download failed after ${maxAttempts} attempts; last: ${last}`);
}

/** The prefetched URL when it arrived and is still young; otherwise undefined (mint a fresh one). */
async function usablePrefetched(options: DownloadOptions): Promise<string | undefined> {
  if (!options.prefetched) return undefined;
  const document = await options.prefetched.document.catch(() => undefined);
  const fetchedAt = options.prefetched.fetchedAt();
  if (!document || fetchedAt === undefined) return undefined;
  return performance.now() - fetchedAt <= (options.prefetchedMaxAgeMs ?? 10_000) ? document.url : undefined;
}

/** Starts minting a report's document URL now, for a download that begins a little later. */
export function prefetchDocument(client: Client, reportDocumentId: string, signal?: AbortSignal): PrefetchedDocument {
  let fetchedAt: number | undefined;
  const document = client.reportDocuments.get(reportDocumentId, signal ? { signal } : {}).then((d) => {
    fetchedAt = performance.now();
    return d;
  });
  // Failures surface (or not) when the download mints its own URL; never as an unhandled rejection.
  document.catch(() => undefined);
  return { document, fetchedAt: () => fetchedAt };
}

async function head(path: string): Promise<Uint8Array> {
  const handle = await open(path, 'r');
  try {
    const buf = Buffer.alloc(4);
    const { bytesRead } = await handle.read(buf, 0, 4, 0);
    return buf.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

/** An existing final file with the same size and hash is kept as it is (its mtime too). */
async function sameFile(path: string, digest: { sha256: string; bytes: number }): Promise<boolean> {
  const existing = await stat(path).catch(() => undefined);
  if (!existing?.isFile() || existing.size !== digest.bytes) return false;
  return (await hashFile(path)).sha256 === digest.sha256;
}
