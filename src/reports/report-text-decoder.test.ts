import { describe, expect, it } from 'vitest';
import { ReportParseError } from '../errors.js';
import { ReportTextDecoder } from './report-text-decoder.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

function decodeAll(chunks: Uint8Array[], encoding?: string): string {
  const d = new ReportTextDecoder({ file: 'd.csv', encoding });
  return chunks.map((c) => d.decode(c)).join('') + d.end();
}

describe('ReportTextDecoder', () => {
  it('gives the same text whether all-ASCII chunks take the shortcut or not', () => {
    const text = 'a,b\n"café","€5"\nplain,ascii\n';
    const all = bytes('\uFEFF', text);
    for (let cut = 0; cut <= all.length; cut++) {
      for (const size of [1, 2, 3, 5, 64]) {
        const chunks = [all.subarray(0, cut)];
        for (let at = cut; at < all.length; at += size) chunks.push(all.subarray(at, at + size));
        expect(decodeAll(chunks), `${cut}/${size}`).toBe(text);
      }
    }
  });

  it('strips a BOM only at the start: a U+FEFF opening a later chunk is text', () => {
    // The first chunk is ASCII; the second starts with EF BB BF. Only a decoder that saw the first chunk knows it is not the start.
    expect(decodeAll([bytes('a,b\n'), bytes('\uFEFFc,d\n')])).toBe('a,b\n\uFEFFc,d\n');
    expect(decodeAll([bytes('\uFEFFa\n'), bytes('b\n'), bytes('\uFEFFc\n')])).toBe('a\nb\n\uFEFFc\n');
  });

  it('a character cut at a chunk end and never finished is an error at that chunk, even when the next one is ASCII', () => {
    const d = new ReportTextDecoder({ file: 'd.csv' });
    expect(d.decode(bytes('x,caf', [0xe9]))).toBe('x,caf');
    // 0xE9 at byte 5 starts a 3-byte character; ',' cannot continue it.
    expect(() => d.decode(bytes(',z\n'))).toThrow(ReportParseError);
    const d2 = new ReportTextDecoder({ file: 'd.csv' });
    d2.decode(bytes('x,caf', [0xe9]));
    expect(() => d2.decode(bytes(',z\n'))).toThrow(/^d\.csv: not valid utf-8 text \(byte [56]\)/);
  });

  it('keeps NUL detection and explicit encodings on the shortcut', () => {
    const d = new ReportTextDecoder({ file: 'd.csv' });
    d.decode(bytes('a,b\n'));
    expect(() => d.decode(bytes('c', [0], 'd\n'))).toThrow('d.csv: binary data (a NUL byte at byte 5): this is not a text report file');
    expect(decodeAll([bytes('a\n'), Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x0a]), bytes('b\n')], 'windows-1252')).toBe('a\ncafé\nb\n');
  });
});
