import { ReportParseError } from '../errors.js';

/**
 * A streaming RFC 4180 tokenizer, written by hand rather than taken from csv-parse because the
 * parse benchmark must beat csv-parse while *also* building typed rows: native `indexOf` finds
 * each closing quote and line feed, cells are substring slices of the decoded chunk, and nothing
 * is re-scanned or concatenated when a row spans chunks.
 *
 * Quoting: `"` encloses a cell, `""` inside is one quote; quoted cells may span lines and chunks.
 * Line endings: LF, CRLF or a bare CR, mixed freely. A quote inside an unquoted cell is kept as a
 * literal (Amazon never writes one, other tools do: peers.md pain point 9); text after a closing
 * quote is an error, since no reading of it is safe. A row longer than `maxLineLength` characters
 * is an error, so a file that is one giant line fails fast instead of exhausting memory.
 *
 * Linear on any input: each chunk is scanned once, and a cell cut by chunk boundaries is kept as
 * its pieces and joined once when it ends (a 15 MiB cell fed in 1 KiB chunks once cost 97 s of
 * re-scanning `pending + chunk`). `work` counts the characters read and copied, so tests can
 * check that without a clock.
 */

/** One tokenized row: its cells and the 1-based line it starts on. */
export interface CsvRow {
  cells: string[];
  line: number;
  /** False only for a last row that ended without a line break (possibly truncated). */
  terminated: boolean;
}

/** Default row-length guard: 16 MiB of characters. */
export const DEFAULT_MAX_LINE_LENGTH = 16 * 1024 * 1024;

const QUOTE = 0x22;
const COMMA = 0x2c;
const LF = 0x0a;
const CR = 0x0d;

const FIELD_START = 0;
const UNQUOTED = 1;
const QUOTED = 2;
const AFTER_QUOTE = 3;
/** Inside a quoted cell, a quote ended the last chunk: the next character says whether it was `""` or the closing quote. */
const QUOTE_PENDING = 4;

/** Push-based tokenizer: feed decoded text with `push`, then call `end`. */
export class CsvTokenizer {
  private charsHandled = 0;
  private state = FIELD_START;
  /** The current cell's pieces from earlier chunks, already unescaped (a `""` is never split: see QUOTE_PENDING). */
  private parts: string[] = [];
  private cells: string[] = [];
  private line = 1;
  private rowLine = 1;
  /** Characters pushed before the current chunk; the offsets below count from the start of input. */
  private base = 0;
  private rowStart = 0;
  /** Where the current physical line starts (for columns). */
  private lineStart = 0;
  /** Line and column of the opening quote of the current quoted cell (for "ends inside a quoted cell"). */
  private quoteLine = 1;
  private quoteColumn = 1;
  private skipLf = false;
  private readonly maxLineLength: number;
  private readonly file: string | undefined;

  constructor(options: { maxLineLength?: number | undefined; file?: string | undefined } = {}) {
    this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.file = options.file;
  }

  /** Characters scanned plus characters copied to join cut cells: stays proportional to the input. */
  get work(): number {
    return this.charsHandled;
  }

  /** Tokenizes `chunk`, appending every completed row to `out`. */
  push(chunk: string, out: CsvRow[]): void {
    if (chunk.length > 0) this.scan(chunk, out);
  }

  /** Where the next pushed character lands: its 1-based line and column, and whether a CR just ended a line (an LF next is part of it). */
  position(): { line: number; column: number; afterCr: boolean } {
    return { line: this.line, column: this.base - this.lineStart + 1, afterCr: this.skipLf };
  }

  /** Flushes a last row without a line break; throws when the input ends inside a quoted cell. */
  end(out: CsvRow[]): void {
    if (this.state === QUOTE_PENDING) {
      // The quote that ended the input closes the cell.
      this.cells.push(this.joinParts(''));
      this.state = AFTER_QUOTE;
    }
    if (this.state === QUOTED) {
      throw new ReportParseError('file ends inside a quoted cell (truncated file or an unbalanced quote)', {
        file: this.file,
        line: this.quoteLine,
        column: this.quoteColumn,
      });
    }
    if (this.state === UNQUOTED) this.cells.push(this.joinParts(''));
    else if (this.state === FIELD_START && this.cells.length > 0) this.cells.push('');
    if (this.cells.length > 0 && !(this.cells.length === 1 && this.cells[0] === '')) {
      out.push({ cells: this.cells, line: this.rowLine, terminated: false });
    }
    this.cells = [];
    this.parts = [];
    this.state = FIELD_START;
  }

  /** The current cell: its earlier pieces and `last`, joined once. */
  private joinParts(last: string): string {
    const parts = this.parts;
    if (parts.length === 0) return last;
    parts.push(last);
    const cell = parts.join('');
    this.charsHandled += cell.length;
    this.parts = [];
    return cell;
  }

  private scan(s: string, out: CsvRow[]): void {
    const len = s.length;
    const base = this.base;
    this.charsHandled += len;
    let i = 0;
    let state = this.state;
    let cells = this.cells;
    let line = this.line;
    let lineStart = this.lineStart;
    let rowStart = this.rowStart;
    let rowLine = this.rowLine;
    /** Start of the current cell's piece in `s`. */
    let seg = 0;
    /** The piece holds a `""` to unescape. */
    let escaped = false;

    if (this.skipLf) {
      this.skipLf = false;
      if (s.charCodeAt(0) === LF) {
        i = 1;
        rowStart = lineStart = base + 1;
      }
    }
    if (state === QUOTE_PENDING) {
      if (s.charCodeAt(0) === QUOTE) {
        this.parts.push('"');
        i = 1;
        seg = 1;
        state = QUOTED;
      } else {
        cells.push(this.joinParts(''));
        state = AFTER_QUOTE;
      }
    }
    // Invariant: `nextLf` is the first line feed at or after `i` (or `len`), found by native search.
    let nextLf = s.indexOf('\n', i);
    if (nextLf === -1) nextLf = len;

    while (i < len) {
      let c: number;
      if (state === FIELD_START) {
        c = s.charCodeAt(i);
        if (c === QUOTE) {
          state = QUOTED;
          this.quoteLine = line;
          this.quoteColumn = base + i - lineStart + 1;
          i++;
          seg = i;
          escaped = false;
        } else {
          state = UNQUOTED;
          seg = i;
        }
      }
      if (state === QUOTED) {
        let q = s.indexOf('"', i);
        while (q !== -1 && q + 1 < len && s.charCodeAt(q + 1) === QUOTE) {
          escaped = true;
          q = s.indexOf('"', q + 2);
        }
        const stop = q === -1 ? len : q;
        while (nextLf < stop) {
          line++;
          lineStart = base + nextLf + 1;
          nextLf = s.indexOf('\n', nextLf + 1);
          if (nextLf === -1) nextLf = len;
        }
        if (q === -1 || q + 1 === len) {
          // The cell goes on in the next chunk (or a quote at the very end still has to be classified).
          const piece = s.slice(seg, stop);
          this.parts.push(escaped ? piece.replaceAll('""', '"') : piece);
          if (q !== -1) state = QUOTE_PENDING;
          i = len;
          break;
        }
        const raw = s.slice(seg, q);
        const cell = escaped ? raw.replaceAll('""', '"') : raw;
        cells.push(this.parts.length === 0 ? cell : this.joinParts(cell));
        i = q + 1;
        state = AFTER_QUOTE;
        c = s.charCodeAt(i);
        // Only a delimiter or a line end may follow a closing quote.
        if (c !== COMMA && c !== LF && c !== CR) throw this.afterQuote(c, line, base + i - lineStart + 1);
      } else if (state === UNQUOTED) {
        c = s.charCodeAt(i);
        while (c !== COMMA && c !== LF && c !== CR) {
          if (++i === len) break;
          c = s.charCodeAt(i);
        }
        if (i === len) {
          this.parts.push(s.slice(seg));
          break;
        }
        const cell = s.slice(seg, i);
        cells.push(this.parts.length === 0 ? cell : this.joinParts(cell));
      } else {
        // AFTER_QUOTE, resumed at the start of a chunk after a pending quote closed the cell.
        c = s.charCodeAt(i);
        if (c !== COMMA && c !== LF && c !== CR) throw this.afterQuote(c, line, base + i - lineStart + 1);
      }
      // c is a delimiter or a line end at i; the cell before it is in `cells`.
      if (c === COMMA) {
        // A comma right before a line end leaves an empty last cell (the settlement header has one):
        // FIELD_START then meets the line end as an empty unquoted cell.
        i++;
        state = FIELD_START;
        continue;
      }
      // Line end: finish the row. A blank line is no row.
      if (base + i - rowStart > this.maxLineLength) this.tooLong(rowLine);
      if (!(state === UNQUOTED && cells.length === 1 && cells[0] === '')) {
        out.push({ cells, line: rowLine, terminated: true });
      }
      cells = [];
      state = FIELD_START;
      line++;
      i++;
      if (c === CR) {
        if (i === len) this.skipLf = true;
        else if (s.charCodeAt(i) === LF) i++;
      }
      if (i > nextLf) {
        nextLf = s.indexOf('\n', i);
        if (nextLf === -1) nextLf = len;
      }
      rowStart = lineStart = base + i;
      rowLine = line;
    }

    this.base = base + len;
    if (this.base - rowStart > this.maxLineLength) this.tooLong(rowLine);
    this.state = state;
    this.cells = cells;
    this.line = line;
    this.lineStart = lineStart;
    this.rowStart = rowStart;
    this.rowLine = rowLine;
  }

  private afterQuote(c: number, line: number, column: number): ReportParseError {
    return new ReportParseError(`unexpected ${JSON.stringify(String.fromCharCode(c))} after a closing quote`, { file: this.file, line, column });
  }

  private tooLong(line: number): never {
    throw new ReportParseError(
      `a row is longer than ${this.maxLineLength} characters: not a report file, or a corrupt one`,
      { file: this.file, line },
    );
  }
}
