import { createHash, randomBytes } from 'node:crypto';
import { constants, createReadStream, type ReadStream } from 'node:fs';
import { access, open, rename, rm, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { AbortError, ConfigError } from '../errors.js';
import { documentChunks, type DocumentSource } from './files/document-source.js';
import type { DocumentMeta } from './state.js';

/**
 * Report documents rendered once to files in a folder and served from there, as S3 serves stored
 * objects (`documentCacheDir`). A file is written under a temp name and renamed when complete, so
 * a half-written one is never served. Names are `<reportDocumentId>.<sha256>.csv`: a file from an
 * earlier run is never trusted (each run renders what it serves), a rerun with the same options
 * rewrites the same files instead of adding more, and two emulators sharing the folder never
 * replace each other's bytes. The folder is the caller's, so rendered files are kept; only temp
 * files of a render that failed or was cut short by close() are removed.
 */
export class DocumentCache {
  private readonly closing = new AbortController();
  private readonly renders = new Set<Promise<unknown>>();
  private readonly streams = new Set<ReadStream>();

  private constructor(readonly dir: string) {}

  /** Checks that `dir` is a writable folder; a ConfigError saying what to fix if not. */
  static async open(dir: string): Promise<DocumentCache> {
    if (dir.trim() === '') throw new ConfigError('the document cache folder is empty: give a folder (documentCacheDir, --document-cache DIR)');
    const path = resolve(dir);
    const other = 'or give another folder (documentCacheDir, --document-cache DIR)';
    const info = await stat(path).catch((err: NodeJS.ErrnoException) => {
      const why = err.code === 'ENOENT' ? `does not exist: create it (mkdir -p ${path}) ${other}` : `cannot be opened (${err.code ?? err.message}): ${other}`;
      throw new ConfigError(`the document cache folder ${path} ${why}`, { cause: err });
    });
    if (!info.isDirectory()) throw new ConfigError(`the document cache folder ${path} is not a folder: ${other}`);
    await access(path, constants.W_OK | constants.X_OK).catch((err: NodeJS.ErrnoException) => {
      throw new ConfigError(`the document cache folder ${path} is not writable (${err.code ?? err.message}): allow writing (chmod u+w ${path}) ${other}`, { cause: err });
    });
    return new DocumentCache(path);
  }

  /** Writes the document's bytes to its file, measuring size and SHA-256 in the same pass. */
  render(reportDocumentId: string, source: DocumentSource): Promise<DocumentMeta> {
    const job = this.write(reportDocumentId, source);
    this.renders.add(job);
    const forget = (): void => void this.renders.delete(job);
    job.then(forget, forget);
    return job;
  }

  /** Bytes [start, end] (inclusive) of a rendered file; close() destroys it if still open. */
  read(path: string, start: number, end: number): Readable {
    if (end < start || this.closing.signal.aborted) return Readable.from([]);
    const stream = createReadStream(path, { start, end, highWaterMark: 256 * 1024 });
    this.streams.add(stream);
    stream.once('close', () => this.streams.delete(stream));
    return stream;
  }

  /** Stops renders (their temp files removed) and open reads; resolves once both are done. */
  async close(): Promise<void> {
    this.closing.abort();
    const closed = [...this.streams].map((s) => new Promise<void>((done) => {
      s.once('close', done);
      s.destroy();
    }));
    await Promise.allSettled([...closed, ...this.renders]);
  }

  private async write(reportDocumentId: string, source: DocumentSource): Promise<DocumentMeta> {
    const stopped = (): AbortError => new AbortError(`the emulator closed while rendering report document ${reportDocumentId}`);
    if (this.closing.signal.aborted) throw stopped();
    const temp = join(this.dir, `.${reportDocumentId}.${randomBytes(6).toString('hex')}.tmp`);
    const file = await open(temp, 'wx');
    const hash = createHash('sha256');
    let bytes = 0;
    try {
      // One awaited write per generated chunk (64 KiB) also yields to the event loop between them.
      for (const chunk of documentChunks(source)) {
        if (this.closing.signal.aborted) throw stopped();
        const buf = Buffer.from(chunk, 'utf8');
        hash.update(buf);
        bytes += buf.length;
        for (let done = 0; done < buf.length;) done += (await file.write(buf, done)).bytesWritten;
      }
      await file.close();
      const sha256 = hash.digest('hex');
      const path = join(this.dir, `${reportDocumentId}.${sha256}.csv`);
      await rename(temp, path);
      return { sha256, bytes, path };
    } catch (err) {
      await file.close().catch(() => undefined);
      await rm(temp, { force: true });
      throw err;
    }
  }
}
