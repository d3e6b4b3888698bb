import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { DownloadError } from '../errors.js';

/** Limits on decompressed output: an absolute size and a ratio to the compressed input. */
export interface OutputCaps {
  maxBytes: number;
  maxRatio: number;
  /** Compressed size the ratio is measured against. */
  inputBytes: number;
}

/** Ratios are only judged past this size: tiny files compress absurdly well and are harmless. */
const RATIO_FLOOR_BYTES = 1024 * 1024;

/** A pass-through that hashes and counts what it sees and stops a decompression bomb. */
export function outputMeter(caps: OutputCaps): { stream: Transform; result(): { sha256: string; bytes: number } } {
  const hash = createHash('sha256');
  let bytes = 0;
  const ratioLimit = Math.max(RATIO_FLOOR_BYTES, caps.maxRatio * caps.inputBytes);
  const stream = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (bytes > caps.maxBytes) {
        callback(new DownloadError(`decompressed report exceeds the ${caps.maxBytes}-byte limit (maxBytes); refusing it as a possible decompression bomb`));
        return;
      }
      if (bytes > ratioLimit) {
        callback(new DownloadError(`report decompresses more than ${caps.maxRatio}x (maxRatio) its ${caps.inputBytes} compressed bytes; refusing it as a possible decompression bomb`));
        return;
      }
      hash.update(chunk);
      callback(null, chunk);
    },
  });
  return { stream, result: () => ({ sha256: hash.digest('hex'), bytes }) };
}
