import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';
import { ReportParseError } from '../errors.js';

/**
 * Bytes → text for report files. UTF-8 is the only evidenced encoding (report-formats.md §2), so
 * decoding is strict: a Windows-1252 or Shift_JIS file fails with its byte offset instead of
 * turning into silently garbled text (peers.md pain point 7); pass `encoding` to read one anyway.
 * A UTF-8 BOM is dropped; a UTF-16 BOM switches to UTF-16. NUL bytes mean a binary file.
 */
export class ReportTextDecoder {
  private decoder: TextDecoder | undefined;
  /**
   * The UTF-8 decoder holds no part of a character, so an all-ASCII chunk may skip it: copying
   * bytes as Latin-1 is ~5× faster than validating UTF-8, and report files are nearly all ASCII.
   * False until the first chunk went through the decoder (it strips the BOM at the start only).
   */
  private asciiShortcut = false;
  private bytesSeen = 0;
  /** UTF-16 text has NUL bytes legitimately. */
  private nulMeansBinary = true;
  private readonly file: string | undefined;
  private readonly encoding: string;

  constructor(options: { file?: string | undefined; encoding?: string | undefined } = {}) {
    this.file = options.file;
    this.encoding = options.encoding ?? 'utf-8';
  }

  /**
   * Decodes the next chunk; throws ReportParseError for binary or wrongly encoded input. `locate`
   * turns the index of a bad byte in `chunk` into its line and column (the caller knows the text so far).
   */
  decode(chunk: Uint8Array, locate?: (chunk: Uint8Array, index: number) => TextPosition): string {
    if (!this.decoder) this.decoder = this.start(chunk);
    const offset = this.bytesSeen;
    this.bytesSeen += chunk.byteLength;
    // Checked on the bytes, before decoding, so a binary file is named as such, not as bad UTF-8.
    if (this.nulMeansBinary) {
      const nul = chunk.indexOf(0);
      if (nul !== -1) throw this.binary(offset + nul);
    }
    if (this.asciiShortcut && isAscii(chunk)) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    let text: string;
    try {
      text = this.decoder.decode(chunk, { stream: true });
      // A chunk that ends in an ASCII byte leaves no character cut in two (else it would not have decoded).
      if (chunk.byteLength > 0) this.asciiShortcut = this.decoder.encoding === 'utf-8' && (chunk[chunk.byteLength - 1] as number) < 0x80;
    } catch (cause) {
      const index = this.decoder.encoding === 'utf-8' ? firstInvalidUtf8(chunk) : 0;
      throw this.notEncoded(offset + index, cause, locate?.(chunk, index));
    }
    return text;
  }

  /** Flushes a multi-byte sequence cut at the end of the input; `at` is where the text so far ends. */
  end(at?: TextPosition): string {
    if (!this.decoder) return '';
    try {
      return this.decoder.decode();
    } catch (cause) {
      throw this.notEncoded(this.bytesSeen, cause, at);
    }
  }

  private start(first: Uint8Array): TextDecoder {
    const magic = sniffBinary(first);
    if (magic) throw new ReportParseError(`${magic}: this is not a text report file`, { file: this.file });
    let encoding = this.encoding;
    if (first[0] === 0xff && first[1] === 0xfe) encoding = 'utf-16le';
    else if (first[0] === 0xfe && first[1] === 0xff) encoding = 'utf-16be';
    if (encoding.toLowerCase().startsWith('utf-16')) this.nulMeansBinary = false;
    try {
      return new TextDecoder(encoding, { fatal: true });
    } catch {
      throw new ReportParseError(`unknown text encoding ${JSON.stringify(encoding)}`, { file: this.file });
    }
  }

  private binary(at: number): ReportParseError {
    return new ReportParseError(`binary data (a NUL byte at byte ${at}): this is not a text report file`, { file: this.file });
  }

  private notEncoded(offset: number, cause: unknown, at: TextPosition | undefined): ReportParseError {
    const err = new ReportParseError(
      `not valid ${this.encoding} text (byte ${offset}); if the file uses another encoding, pass it explicitly (e.g. windows-1252)`,
      { file: this.file, line: at?.line, column: at?.column },
    );
    (err as { cause?: unknown }).cause = cause;
    return err;
  }
}

/** A 1-based line and column in the decoded text. */
export interface TextPosition {
  line: number;
  column: number;
}

/**
 * Index of the first byte of `b` that is not valid UTF-8 (0 when none is found: the fault is then
 * at the chunk boundary). Up to 3 leading continuation bytes may finish a sequence begun in the
 * previous chunk and are skipped.
 */
function firstInvalidUtf8(b: Uint8Array): number {
  let i = 0;
  while (i < 3 && i < b.length && ((b[i] as number) & 0xc0) === 0x80) i++;
  while (i < b.length) {
    const c = b[i] as number;
    if (c < 0x80) {
      i++;
      continue;
    }
    const n = c >= 0xc2 && c <= 0xdf ? 1 : c >= 0xe0 && c <= 0xef ? 2 : c >= 0xf0 && c <= 0xf4 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) {
      // A sequence cut by the chunk end is fine while streaming; anything else is the bad byte.
      if (i + k >= b.length) return 0;
      if (((b[i + k] as number) & 0xc0) !== 0x80) return i;
    }
    const d = b[i + 1] as number;
    if ((c === 0xe0 && d < 0xa0) || (c === 0xed && d > 0x9f) || (c === 0xf0 && d < 0x90) || (c === 0xf4 && d > 0x8f)) return i;
    i += n + 1;
  }
  return 0;
}

/** Names well-known binary formats by their magic bytes. */
function sniffBinary(b: Uint8Array): string | undefined {
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'a ZIP archive (extract it first)';
  if (b[0] === 0x1f && b[1] === 0x8b) return 'gzip-compressed data (decompress it first)';
  if (b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46) return 'a PDF document';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'a PNG image';
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'a legacy Excel/Office file (export it as CSV)';
  return undefined;
}
