import { statSync } from 'node:fs';
import type { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import yauzl from 'yauzl';
import { DownloadError } from '../errors.js';
import { outputMeter } from './output-meter.js';

/**
 * Streams the first regular file in a zip into `to`, hashing and capping the output. Entry names
 * are never used as paths (zip-slip): the caller decides where the bytes go.
 */
export async function unzipFile(
  from: string,
  to: Writable,
  caps: { maxBytes: number; maxRatio: number },
): Promise<{ sha256: string; bytes: number }> {
  const zip = await openZip(from);
  try {
    const entry = await firstFileEntry(zip);
    if (!entry) throw new DownloadError('the report body is a zip archive with no file in it');
    if (entry.uncompressedSize > caps.maxBytes) {
      throw new DownloadError(`the zipped report declares ${entry.uncompressedSize} bytes, over the ${caps.maxBytes}-byte limit (maxBytes)`);
    }
    const meter = outputMeter({ ...caps, inputBytes: entry.compressedSize || statSync(from).size });
    const source = await openEntry(zip, entry);
    await pipeline(source, meter.stream, to).catch((error: unknown) => {
      const code = (error as { code?: unknown }).code;
      // A damaged deflate stream: zlib's words (Z_DATA_ERROR…) stay in `cause`.
      if (typeof code === 'string' && code.startsWith('Z_')) throw new DownloadError('the zipped report is corrupt: its file cannot be decompressed', { cause: error });
      throw error;
    });
    return meter.result();
  } finally {
    zip.close();
  }
}

function openZip(path: string): Promise<yauzl.ZipFile> {
  return new Promise((resolve, reject) => {
    // decodeStrings: false skips yauzl's name checks too; we never use names as paths, so `../x` is harmless here.
    yauzl.open(path, { lazyEntries: true, autoClose: false, validateEntrySizes: true, decodeStrings: false }, (error, zip) => {
      if (error) reject(new DownloadError(`the report body looked like zip but cannot be read (${error.message})`, { cause: error }));
      else resolve(zip);
    });
  });
}

/** Directories end in `/` (names are raw bytes with decodeStrings off). */
function isDirectory(entry: yauzl.Entry): boolean {
  const name = entry.fileName as unknown as Buffer | string;
  return typeof name === 'string' ? name.endsWith('/') : name[name.length - 1] === 0x2f;
}

/** The first entry that is not a directory. */
function firstFileEntry(zip: yauzl.ZipFile): Promise<yauzl.Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (entry: yauzl.Entry): void => {
      if (isDirectory(entry)) zip.readEntry();
      else done(entry);
    };
    const onError = (error: Error): void => {
      zip.off('entry', onEntry).off('end', onEnd);
      reject(new DownloadError(`the zipped report is corrupt (${error.message})`, { cause: error }));
    };
    const onEnd = (): void => done(undefined);
    const done = (entry: yauzl.Entry | undefined): void => {
      zip.off('entry', onEntry).off('end', onEnd).off('error', onError);
      resolve(entry);
    };
    zip.on('entry', onEntry).on('end', onEnd).once('error', onError);
    zip.readEntry();
  });
}

function openEntry(zip: yauzl.ZipFile, entry: yauzl.Entry): Promise<Readable> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) reject(new DownloadError(`the zipped report cannot be extracted (${error.message})`, { cause: error }));
      else resolve(stream);
    });
  });
}
