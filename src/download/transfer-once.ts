import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { Transform, type Readable, type Writable } from 'node:stream';
import { finished, pipeline } from 'node:stream/promises';
import { AbortError, DownloadError } from '../errors.js';
import { describeNetworkError } from '../describe-network-error.js';
import { safeUrl } from '../redact.js';
import { getFollowingRedirects } from './get-following-redirects.js';
import type { HttpGet, RawResponse } from './http-get.js';
import { isLocalFsError } from './local-write-error.js';

export type OpenWrite = (path: string, options: { flags: 'w' | 'r+'; start: number; mode: number }) => Writable;

/** One GET of a document URL into the temp file, resuming at `have` when the server allows it. */
export interface TransferInput {
  httpGet: HttpGet;
  url: string;
  maxRedirects: number;
  partPath: string;
  /** Bytes already safely in the temp file from earlier attempts. */
  have: number;
  openWrite: OpenWrite;
  signal?: AbortSignal | undefined;
  stallTimeoutMs: number;
  /** Refuse bodies larger than this (the raw transfer; decompressed output is capped separately). */
  maxBytes: number;
  onProgress?: ((bytes: number) => void) | undefined;
}

/** How an attempt ended: complete, or a failure worth a fresh URL (with what to resume from). */
export type TransferOutcome =
  | { ok: true; bytes: number; resumed: boolean; sha256?: string }
  | { ok: false; reason: 'expired' | 'forbidden' | 'http' | 'network' | 'truncated' | 'stalled'; detail: string; have: number };

/** Performs one transfer attempt; local write failures and aborts throw, network trouble is returned. */
export async function transferOnce(input: TransferInput): Promise<TransferOutcome> {
  const where = safeUrl(input.url);
  const stall = new AbortController();
  const signal = input.signal ? AbortSignal.any([input.signal, stall.signal]) : stall.signal;
  let timer: NodeJS.Timeout | undefined;
  const arm = (): void => {
    clearTimeout(timer);
    timer = setTimeout(() => stall.abort(), input.stallTimeoutMs);
    timer.unref();
  };
  const aborted = (): never => {
    throw new AbortError(`download of ${where} aborted`, { cause: input.signal?.reason });
  };
  arm();
  try {
    let res: RawResponse;
    // identity: the file stored is the bytes served; our own magic-byte check decompresses, under the bomb limits.
    const headers: Record<string, string> = { 'accept-encoding': 'identity' };
    if (input.have > 0) headers.range = `bytes=${input.have}-`;
    try {
      res = await getFollowingRedirects(input.httpGet, input.url, { headers, signal, maxRedirects: input.maxRedirects });
    } catch (error) {
      if (input.signal?.aborted) aborted();
      if (error instanceof DownloadError) throw error;
      if (stall.signal.aborted) return { ok: false, reason: 'stalled', detail: `GET ${where}: no response for ${input.stallTimeoutMs} ms (stallTimeoutMs)`, have: input.have };
      return { ok: false, reason: 'network', detail: `GET ${where}: ${describeNetworkError(error)}`, have: input.have };
    }
    if (res.status === 401 || res.status === 403) {
      const body = await smallText(res.body);
      // S3 answers an expired pre-signed URL with 403 AccessDenied "Request has expired" (api.md §6).
      const expired = /Request has expired/i.test(body);
      const message = /<Message>([^<]{0,200})<\/Message>/.exec(body)?.[1] ?? res.statusText;
      return { ok: false, reason: expired ? 'expired' : 'forbidden', detail: `GET ${where}: ${res.status} ${message}`, have: input.have };
    }
    if (res.status !== 200 && res.status !== 206) {
      res.body.destroy();
      // 416 means our resume point is wrong: start over.
      return { ok: false, reason: 'http', detail: `GET ${where}: ${res.status} ${res.statusText}`, have: res.status === 416 ? 0 : input.have };
    }
    const encoding = (res.header('content-encoding') ?? 'identity').trim().toLowerCase();
    if (!STORABLE_ENCODINGS.has(encoding)) {
      res.body.destroy();
      throw new DownloadError(`GET ${where}: the server sent Content-Encoding ${JSON.stringify(encoding.slice(0, 40))} though asked for identity; refusing bytes that cannot be checked`);
    }
    let start = 0;
    let total: number | undefined;
    if (res.status === 206) {
      const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.header('content-range') ?? '');
      if (!range || Number(range[1]) !== input.have) {
        res.body.destroy();
        return { ok: false, reason: 'http', detail: `GET ${where}: 206 with an unexpected Content-Range; starting over`, have: 0 };
      }
      start = input.have;
      if (range[3] !== '*') total = Number(range[3]);
    }
    const lengthHeader = res.header('content-length');
    const expected = lengthHeader !== undefined && /^\d+$/.test(lengthHeader) ? Number(lengthHeader) : undefined;
    if (total === undefined && expected !== undefined) total = start + expected;
    if (total !== undefined && total > input.maxBytes) {
      res.body.destroy();
      throw tooBig(total, input.maxBytes);
    }

    let received = 0;
    // Hashed as it streams, so the file is not read again to hash it; a resumed transfer's first
    // bytes came from an earlier attempt, so its file is hashed afterwards instead.
    const hash = start === 0 ? createHash('sha256') : undefined;
    let writeError: Error | undefined;
    const sink = openSink(input, start);
    const counter = new Transform({
      transform(chunk: Buffer, _encoding, callback) {
        received += chunk.length;
        if (start + received > input.maxBytes) {
          callback(tooBig(start + received, input.maxBytes));
          return;
        }
        arm();
        hash?.update(chunk);
        input.onProgress?.(start + received);
        callback(null, chunk);
      },
    });
    // A write that fails stops the transfer (if it is still going); only file-system errors are ours.
    sink.on('error', (error) => {
      if (writeError === undefined && isLocalFsError(error)) writeError = error;
      res.body.destroy();
      counter.destroy();
    });
    // The file is ended by us, not by a failing transfer: what arrived before a dropped
    // connection is still written (the sink buffers up to 1 MiB), so a resume starts after it.
    counter.pipe(sink, { end: false });
    let transferError: unknown;
    try {
      await pipeline(res.body, counter);
      // Until the last bytes have been handed on to the file, not only received.
      await finished(counter);
    } catch (error) {
      transferError = error;
    }
    if (!sink.destroyed) sink.end();
    await closed(sink);
    if (transferError !== undefined || writeError !== undefined) {
      // The caller turns file-system errors into a DownloadError naming the final file.
      if (writeError !== undefined) throw writeError;
      if (transferError instanceof DownloadError) throw transferError;
      if (input.signal?.aborted) aborted();
      const got = start + received;
      if (stall.signal.aborted) return { ok: false, reason: 'stalled', detail: `GET ${where}: no byte for ${input.stallTimeoutMs} ms after ${got} bytes (stallTimeoutMs)`, have: sizeOf(input.partPath) };
      return { ok: false, reason: 'network', detail: `GET ${where}: connection dropped after ${got} bytes (${describeNetworkError(transferError)})`, have: sizeOf(input.partPath) };
    }
    const bytes = sizeOf(input.partPath);
    if (total !== undefined && bytes < total) {
      return { ok: false, reason: 'truncated', detail: `GET ${where}: body ended after ${bytes} of ${total} bytes`, have: bytes };
    }
    if (total !== undefined && bytes !== total) {
      return { ok: false, reason: 'truncated', detail: `GET ${where}: got ${bytes} bytes, expected ${total}; starting over`, have: 0 };
    }
    const streamed = hash && bytes === received ? { sha256: hash.digest('hex') } : {};
    return { ok: true, bytes, resumed: start > 0, ...streamed };
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Bytes the file's write stream buffers. With the 16 KiB default the socket is paused after every
 * few chunks while the disk catches up: a 189 MB file took ~0.7 s from a local server, ~0.4 s
 * with 1 MiB (8 transfers at once hold at most 8 MiB).
 */
export const TRANSFER_BUFFER_BYTES = 1024 * 1024;

/** Encodings whose bytes we can store as served: gzip is found again by its magic bytes. */
const STORABLE_ENCODINGS = new Set(['identity', '', 'gzip', 'x-gzip']);

function tooBig(bytes: number, limit: number): DownloadError {
  return new DownloadError(`the report body is over the ${limit}-byte limit (maxBytes): at least ${bytes} bytes`);
}

/** Resuming writes at `start` (not append), so a late write from a dropped attempt cannot duplicate bytes. */
function openSink(input: TransferInput, start: number): Writable {
  return input.openWrite(input.partPath, { flags: start > 0 ? 'r+' : 'w', start, mode: 0o600 });
}

/** Waits until a destroyed file stream has finished its in-flight write and closed, so its size is final. */
async function closed(stream: Writable): Promise<void> {
  await finished(stream).catch(() => undefined);
}

function sizeOf(path: string): number {
  try {
    return statSync(path).size;
  } catch {
    return 0;
  }
}

/** Up to 4 KiB of an error body; the rest is never read. */
async function smallText(body: Readable): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of body) {
      chunks.push(chunk as Buffer);
      size += (chunk as Buffer).length;
      if (size >= 4096) break;
    }
  } catch {
    // A body that fails half-way still says what it said.
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks).toString('utf8').slice(0, 4096);
}
