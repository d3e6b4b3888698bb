import { createHash } from 'node:crypto';
import { readFileChunks } from '../reports/parse-report-file.js';

/** A file's chunks for the parser, hashed (SHA-256) and counted as they pass: one read of the file serves both. */
export function hashedChunks(path: string): { chunks: AsyncGenerator<Uint8Array>; digest: () => { sha256: string; bytes: number } } {
  const hash = createHash('sha256');
  let bytes = 0;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for await (const chunk of readFileChunks(path)) {
      // Before the yield: the reader reuses the buffer once the next chunk is asked for.
      hash.update(chunk);
      bytes += chunk.byteLength;
      yield chunk;
    }
  }
  return { chunks: chunks(), digest: () => ({ sha256: hash.digest('hex'), bytes }) };
}
