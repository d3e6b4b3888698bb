import { open } from 'node:fs/promises';
import type { ParseOptions } from './report-parser.js';
import { parseReport, type ParsedReport } from './parse-report.js';

/**
 * Read size. Measured: 64 KiB beats 1 MiB on both speed and peak RSS (84 vs 161 MiB on 80 MB),
 * because each batch's records die young instead of being promoted to the old generation.
 */
const CHUNK_BYTES = 64 * 1024;

/** Parses a report file from disk, streaming; `file` in errors defaults to the path. */
export function parseReportFile(path: string, options: ParseOptions = {}): ParsedReport {
  return parseReport(readFileChunks(path), { file: path, ...options });
}

/**
 * The file's bytes in CHUNK_BYTES pieces. Two buffers take turns: the next read is in flight
 * while the parser works on the current chunk, and the parser decodes each chunk to text before
 * it asks for the next, so nothing holds on to a buffer once it is read into again. (A fresh
 * buffer per read, as `createReadStream` makes, kept ~30 MiB of garbage alive for the GC.)
 * Gzip input goes through zlib, which does hold its input chunks, so it gets fresh buffers.
 * A chunk is valid only until the next one is asked for: use it (hash it, decode it) before that.
 */
export async function* readFileChunks(path: string): AsyncGenerator<Uint8Array> {
  const file = await open(path, 'r');
  const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
  let turn = 0;
  let reading = file.read(buffers[0] as Buffer, 0, CHUNK_BYTES, null);
  let reuse: boolean | undefined;
  try {
    for (;;) {
      const { bytesRead, buffer } = await reading;
      if (bytesRead === 0) return;
      reuse ??= !(bytesRead >= 2 && buffer[0] === 0x1f && buffer[1] === 0x8b);
      turn ^= 1;
      if (!reuse) buffers[turn] = Buffer.allocUnsafe(CHUNK_BYTES);
      reading = file.read(buffers[turn] as Buffer, 0, CHUNK_BYTES, null);
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    // A consumer that stops early (or a parse error) leaves one read in flight: let it land first.
    await reading.catch(() => undefined);
    await file.close();
  }
}
