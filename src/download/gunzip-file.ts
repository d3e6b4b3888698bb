import { createReadStream, statSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGunzip } from 'node:zlib';
import { DownloadError } from '../errors.js';
import { outputMeter } from './output-meter.js';

/** Streams a gzip file (all members) into `to`, hashing and capping the output. */
export async function gunzipFile(
  from: string,
  to: Writable,
  caps: { maxBytes: number; maxRatio: number },
): Promise<{ sha256: string; bytes: number }> {
  const meter = outputMeter({ ...caps, inputBytes: statSync(from).size });
  try {
    await pipeline(createReadStream(from), createGunzip(), meter.stream, to);
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('Z_')) {
      // zlib's own words (incorrect header check, Z_DATA_ERROR) stay in `cause`.
      throw new DownloadError('the file starts like gzip but is corrupt or cut short; it cannot be decompressed', { cause: error });
    }
    throw error;
  }
  return meter.result();
}
