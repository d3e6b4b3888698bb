import { createHash } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Readable } from 'node:stream';
import { documentChunks, type DocumentSource } from './files/document-source.js';
import { breakAfter, writeChunk } from './respond.js';

const YIELD_EVERY = 64;

function tick(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Size and SHA-256 of a document's bytes, by one streaming pass that yields to the event loop. */
export async function measureDocument(source: DocumentSource): Promise<{ sha256: string; bytes: number }> {
  const hash = createHash('sha256');
  let bytes = 0;
  let i = 0;
  for (const chunk of documentChunks(source)) {
    const buf = Buffer.from(chunk, 'utf8');
    hash.update(buf);
    bytes += buf.length;
    if (++i % YIELD_EVERY === 0) await tick();
  }
  return { sha256: hash.digest('hex'), bytes };
}

/**
 * Streams bytes [start, end] (inclusive) of a document as they are generated, respecting
 * backpressure. With `breakAt`, stops after that many bytes and breaks the connection (`fault`).
 */
export async function streamDocument(
  res: ServerResponse, source: DocumentSource, start: number, end: number,
  breakAt?: { bytes: number; fault: 'reset' | 'truncate' },
): Promise<void> {
  let offset = 0;
  let sent = 0;
  for (const chunk of documentChunks(source)) {
    if (res.destroyed) return;
    const buf = Buffer.from(chunk, 'utf8');
    const from = Math.max(start - offset, 0);
    const to = Math.min(end + 1 - offset, buf.length);
    offset += buf.length;
    if (to <= from) {
      if (offset > end) break;
      continue;
    }
    let piece = buf.subarray(from, to);
    if (breakAt && sent + piece.length >= breakAt.bytes) {
      piece = piece.subarray(0, breakAt.bytes - sent);
      breakAfter(res, piece, breakAt.fault);
      return;
    }
    sent += piece.length;
    await writeChunk(res, piece);
    if (offset > end) break;
  }
  if (breakAt) {
    breakAfter(res, Buffer.alloc(0), breakAt.fault);
    return;
  }
  res.end();
}

/**
 * Streams stored bytes (a rendered file's range) respecting backpressure, then ends the response,
 * or with `fault` breaks the connection once they are sent: the caller reads only up to where the
 * fault strikes. Leaving the loop early (the response was destroyed) destroys the stream.
 */
export async function streamStored(res: ServerResponse, bytes: Readable, fault?: 'reset' | 'truncate'): Promise<void> {
  for await (const chunk of bytes) {
    if (res.destroyed) return;
    await writeChunk(res, chunk as Buffer);
  }
  if (res.destroyed) return;
  if (fault) breakAfter(res, Buffer.alloc(0), fault);
  else res.end();
}

/** Parses a single `Range: bytes=…`; `undefined` = serve whole, `'unsatisfiable'` = 416. */
export function parseRange(header: string | undefined, size: number): { start: number; end: number } | 'unsatisfiable' | undefined {
  if (!header) return undefined;
  const m = /^bytes=(\d*)-(\d*)$/.exec(header.trim());
  if (!m || (m[1] === '' && m[2] === '')) return undefined; // multi-range or malformed: S3 sends the whole object
  if (m[1] === '') {
    const n = Number(m[2]);
    if (n === 0) return 'unsatisfiable';
    return { start: Math.max(0, size - n), end: size - 1 };
  }
  const start = Number(m[1]);
  const end = m[2] === '' ? size - 1 : Math.min(Number(m[2]), size - 1);
  if (start >= size || end < start) return 'unsatisfiable';
  return { start, end };
}
