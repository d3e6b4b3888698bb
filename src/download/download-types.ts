import type { Client, Logger, Report, ReportDocument } from '../client/types.js';
import type { Writable } from 'node:stream';
import type { HttpGet } from './http-get.js';

/** What `downloadReport` needs: the client, which report, where to put it, and injected effects. */
export interface DownloadOptions {
  client: Client;
  reportId: string;
  /** The report's metadata when the caller already has it (skips `getReportById`). */
  report?: Report;
  /** Root folder; the file goes to `<outDir>/<type-short>/<YYYY-MM-DD>_<reportId>.<ext>`. */
  outDir: string;
  /**
   * One GET of the document URL (default: node:http/https). Not fetch, which decodes
   * Content-Encoding: the file stored must be the bytes served. Sends `Accept-Encoding: identity`.
   */
  httpGet?: HttpGet;
  /** Redirects a document URL may take (default 3); credential headers never go to another host. */
  maxRedirects?: number;
  signal?: AbortSignal;
  /** Transfer attempts, each with a freshly minted document URL (default 5). */
  maxAttempts?: number;
  /** Backoff between attempts (default: a real timer). */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
  /** Backoff base and cap, ms (default 250 and 5000). */
  baseDelayMs?: number;
  maxDelayMs?: number;
  /** Called as bytes of the (raw) transfer arrive, with the running total. */
  onProgress?: (bytes: number) => void;
  /**
   * Called once every byte is in the temp file, before it is hashed, decompressed, fsynced and
   * renamed: a caller running a pool of downloads can start the next transfer then.
   */
  onTransferred?: () => void;
  logger?: Logger;
  /** Cap on the transfer and on the final (decompressed) file, bytes; default 512 MiB. Enforced while streaming. */
  maxBytes?: number;
  /** Cap on decompressed/compressed size ratio for gzip and zip; default 1000. */
  maxRatio?: number;
  /** Opens a temp file for writing (`w` new, `r+` to resume at `start`); a seam for write-failure tests (ENOSPC). Default fs.createWriteStream. */
  createWriteStream?: (path: string, options: { flags: 'w' | 'r+'; start: number; mode: number }) => Writable;
  /** Abort an attempt (and retry with a fresh URL) when no byte arrives for this long, ms (default 60 000). */
  stallTimeoutMs?: number;
  /**
   * A document URL the caller already minted (the sync asks for the next report's URL while the
   * current file transfers). Used for the first attempt only, and only while younger than
   * `prefetchedMaxAgeMs`; if it failed or is too old, a fresh one is minted.
   */
  prefetched?: PrefetchedDocument;
  /** How old a prefetched URL may be, ms (default 10 000: a third of its 30-second life). */
  prefetchedMaxAgeMs?: number;
}

/** A document URL fetched ahead of its transfer, with when it was fetched (monotonic ms). */
export interface PrefetchedDocument {
  document: Promise<ReportDocument>;
  /** `performance.now()` when the URL arrived; set by `prefetchDocument`. */
  readonly fetchedAt: () => number | undefined;
}

/** A report file safely on disk: fsynced and renamed into place. */
export interface DownloadResult {
  reportId: string;
  /** Absolute path of the final file. */
  path: string;
  /** Size of the final (decompressed) file. */
  bytes: number;
  /** Hex SHA-256 of the final (decompressed) file. */
  sha256: string;
  /** What the transfer carried, detected by magic bytes. */
  compression: 'none' | 'gzip' | 'zip';
  /** Transfer attempts it took (1 when nothing went wrong). */
  attempts: number;
}
