import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvTokenizer, type CsvRow } from './csv-tokenizer.js';
import { ReportParseError } from '../errors.js';

function tokenize(chunks: string[], maxLineLength?: number): CsvRow[] {
  const t = new CsvTokenizer({ maxLineLength, file: 'f.csv' });
  const out: CsvRow[] = [];
  for (const c of chunks) t.push(c, out);
  t.end(out);
  return out;
}

const cellsOf = (rows: CsvRow[]) => rows.map((r) => r.cells);

describe('CsvTokenizer', () => {
  it('reads quoted cells, escaped quotes, commas and newlines inside quotes', () => {
    const rows = tokenize(['"a","b ""x"", y","c\nd"\n"e",f,\n']);
    expect(cellsOf(rows)).toEqual([['a', 'b "x", y', 'c\nd'], ['e', 'f', '']]);
    expect(rows.map((r) => r.line)).toEqual([1, 3]);
  });

  it('accepts LF, CRLF and bare CR mixed, and skips blank lines', () => {
    const rows = tokenize(['a,b\r\nc,d\n\ne,f\rg,h\r', '\ni,j']);
    expect(cellsOf(rows)).toEqual([['a', 'b'], ['c', 'd'], ['e', 'f'], ['g', 'h'], ['i', 'j']]);
    expect(rows.map((r) => r.line)).toEqual([1, 2, 4, 5, 6]);
    expect(rows.at(-1)?.terminated).toBe(false);
  });

  it('keeps a quoted cell that spans chunks, cut at every position', () => {
    const text = '"x","a ""quoted"" ,\r\nvalue",""\r\n"last",""""\n';
    const whole = cellsOf(tokenize([text]));
    for (let i = 0; i <= text.length; i++) {
      for (let j = i; j <= text.length; j += 3) {
        expect(cellsOf(tokenize([text.slice(0, i), text.slice(i, j), text.slice(j)]))).toEqual(whole);
      }
    }
    expect(whole).toEqual([['x', 'a "quoted" ,\r\nvalue', ''], ['last', '"']]);
  });

  it('rejects text after a closing quote with line and column', () => {
    expect(() => tokenize(['a,b\n"ok","bad"x,c\n'])).toThrow(/f\.csv:2:11: unexpected "x" after a closing quote/);
  });

  it('closes a quoted last cell at end of input without a line break', () => {
    expect(cellsOf(tokenize(['"a","b"']))).toEqual([['a', 'b']]);
    expect(cellsOf(tokenize(['"a","b""', '"']))).toEqual([['a', 'b"']]);
  });

  it('reports an unterminated quoted cell at end of input', () => {
    expect(() => tokenize(['"a","b\n'])).toThrow(ReportParseError);
    expect(() => tokenize(['"a","b\n'])).toThrow(/ends inside a quoted cell/);
  });

  it('fails fast on a row longer than the limit, across chunks', () => {
    const chunk = 'x'.repeat(1000);
    const t = new CsvTokenizer({ maxLineLength: 5000, file: 'big' });
    const out: CsvRow[] = [];
    expect(() => {
      for (let i = 0; i < 100; i++) t.push(chunk, out);
    }).toThrow(/big:1: a row is longer than 5000 characters/);
  });

  it('stays linear on a 15 MiB cell fed in 1 KiB chunks: each character is read once, the cell joined once', () => {
    const size = 15 * 1024 * 1024;
    const body = `${'x'.repeat(15)}"`.repeat(size / 16);
    // The quote is doubled in the file; 1 KiB cuts land inside `""` pairs as well as between them.
    const text = `"k","${body.replaceAll('"', '""')}",z\n`;
    const t = new CsvTokenizer({ file: 'long.csv' });
    const out: CsvRow[] = [];
    for (let at = 0; at < text.length; at += 1024) t.push(text.slice(at, at + 1024), out);
    t.end(out);
    expect(out).toHaveLength(1);
    expect(out[0]?.cells).toHaveLength(3);
    expect(out[0]?.cells[1] === body).toBe(true);
    // Re-reading the unfinished row on every push (`pending + chunk`) costs ~chunks²/2 KiB, some 10^11 here.
    expect(t.work).toBeLessThanOrEqual(text.length + body.length);
  });

  it('stays linear on a long unfinished row of many cells fed in small chunks', () => {
    const cell = `"${'x'.repeat(97)}"`;
    const text = `${Array.from({ length: 100_000 }, () => cell).join(',')}\n`;
    const t = new CsvTokenizer();
    const out: CsvRow[] = [];
    for (let at = 0; at < text.length; at += 1000) t.push(text.slice(at, at + 1000), out);
    t.end(out);
    expect(out.map((r) => r.cells.length)).toEqual([100_000]);
    expect(out[0]?.cells.every((c) => c.length === 97)).toBe(true);
    // Cells cut by a chunk boundary are joined once: at most one cell's worth of copying per chunk.
    expect(t.work).toBeLessThanOrEqual(text.length * 2);
  });

  it('round-trips arbitrary cells under arbitrary chunking (property)', () => {
    const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\n', '\r', ' ', 'é', '€') });
    const row = fc.array(cell, { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(fc.array(row, { minLength: 1, maxLength: 6 }), fc.array(fc.nat(), { maxLength: 6 }), fc.constantFrom('\n', '\r\n'), (rows, cuts, eol) => {
        // Quote every cell so empty rows and blank cells stay unambiguous.
        const text = rows.map((r) => r.map((c) => `"${c.replaceAll('"', '""')}"`).join(',')).join(eol) + eol;
        const points = [...new Set(cuts.map((c) => c % (text.length + 1)))].sort((a, b) => a - b);
        const chunks: string[] = [];
        let prev = 0;
        for (const p of points) {
          chunks.push(text.slice(prev, p));
          prev = p;
        }
        chunks.push(text.slice(prev));
        expect(cellsOf(tokenize(chunks))).toEqual(rows);
      }),
      { numRuns: 300 },
    );
  });
});
