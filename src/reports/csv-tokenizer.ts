import { ReportParseError } from '../errors.js';

/**
 * A streaming RFC 4180 tokenizer, written by hand rather than taken from csv-parse because the
 * parse benchmark must match csv-parse's speed while *also* building typed rows: a tight
 * `charCodeAt` loop over decoded chunks with substring slices does less work per cell than a
 * general-purpose parser with options, events and per-record objects.
 *
 * Quoting: `"` encloses a cell, `""` inside is one quote; quoted cells may span lines and chunks.
 * Line endings: LF, CRLF or a bare CR, mixed freely. A quote inside an unquoted cell is kept as a
 * literal (Amazon never writes one, other tools do: peers.md pain point 9); text after a closing
 * quote is an error, since no reading of it is safe. A row longer than `maxLineLength` characters
 * is an error, so a file that is one giant line fails fast instead of exhausting memory.
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

/** Push-based tokenizer: feed decoded text with `push`, then call `end`. */
export class CsvTokenizer {
  private pending = '';
  /** Scan position inside `pending` where the next push resumes. */
  private resumeAt = 0;
  private state = FIELD_START;
  private fieldStart = 0;
  private escaped = false;
  private cells: string[] = [];
  private line = 1;
  private rowLine = 1;
  /** Index in the current text where the current physical line starts (for columns). */
  private lineStart = 0;
  private skipLf = false;
  private readonly maxLineLength: number;
  private readonly file: string | undefined;

  constructor(options: { maxLineLength?: number | undefined; file?: string | undefined } = {}) {
    this.maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    this.file = options.file;
  }

  /** Tokenizes `chunk`, appending every completed row to `out`. */
  push(chunk: string, out: CsvRow[]): void {
    const s = this.pending.length === 0 ? chunk : this.pending + chunk;
    this.scan(s, out);
  }

  /** Where the next pushed character lands: its 1-based line and column, and whether a CR just ended a line (an LF next is part of it). */
  position(): { line: number; column: number; afterCr: boolean } {
    return { line: this.line, column: this.pending.length - this.lineStart + 1, afterCr: this.skipLf };
  }

  /** Flushes a last row without a line break; throws when the input ends inside a quoted cell. */
  end(out: CsvRow[]): void {
    const s = this.pending;
    const len = s.length;
    if (this.state === QUOTED && this.resumeAt === len - 1 && s.charCodeAt(len - 1) === QUOTE) {
      // The scan paused on a quote to see whether `""` followed; at end of input it closes the cell.
      const raw = s.slice(this.fieldStart, len - 1);
      this.cells.push(this.escaped ? raw.replaceAll('""', '"') : raw);
      this.state = AFTER_QUOTE;
    }
    if (this.state === QUOTED) {
      throw new ReportParseError('file ends inside a quoted cell (truncated file or an unbalanced quote)', {
        file: this.file,
        line: this.rowLine,
        column: this.fieldStart - this.lineStart,
      });
    }
    if (this.state === UNQUOTED) this.cells.push(s.slice(this.fieldStart, len));
    else if (this.state === AFTER_QUOTE) {
      // The cell was already pushed when its closing quote was seen.
    } else if (this.cells.length > 0) this.cells.push('');
    if (this.cells.length > 0 && !(this.cells.length === 1 && this.cells[0] === '')) {
      out.push({ cells: this.cells, line: this.rowLine, terminated: false });
    }
    this.cells = [];
    this.pending = '';
    this.state = FIELD_START;
  }

  private scan(s: string, out: CsvRow[]): void {
    const len = s.length;
    let i = this.resumeAt;
    let state = this.state;
    let fieldStart = this.fieldStart;
    let escaped = this.escaped;
    let cells = this.cells;
    let line = this.line;
    let lineStart = this.lineStart;
    let rowStart = 0;
    let rowLine = this.rowLine;

    if (this.skipLf && i < len) {
      if (s.charCodeAt(i) === LF) {
        i++;
        rowStart = i;
        lineStart = i;
      }
      this.skipLf = false;
    }

    while (i < len) {
      let c = s.charCodeAt(i);
      if (state === FIELD_START) {
        if (c === QUOTE) {
          state = QUOTED;
          fieldStart = i + 1;
          escaped = false;
          i++;
          continue;
        }
        state = UNQUOTED;
        fieldStart = i;
      }
      if (state === UNQUOTED) {
        while (c !== COMMA && c !== LF && c !== CR) {
          if (++i === len) break;
          c = s.charCodeAt(i);
        }
        if (i === len) break;
        cells.push(s.slice(fieldStart, i));
      } else if (state === QUOTED) {
        while (c !== QUOTE) {
          if (c === LF) {
            line++;
            lineStart = i + 1;
          }
          if (++i === len) break;
          c = s.charCodeAt(i);
        }
        if (i === len) break;
        // `c` is a quote at i: an escape (`""`) or the closing quote. Decide only with the next char.
        if (i + 1 === len) break;
        if (s.charCodeAt(i + 1) === QUOTE) {
          escaped = true;
          i += 2;
          continue;
        }
        const raw = s.slice(fieldStart, i);
        cells.push(escaped ? raw.replaceAll('""', '"') : raw);
        i++;
        state = AFTER_QUOTE;
        continue;
      } else {
        // AFTER_QUOTE: only a delimiter or a line end may follow a closing quote.
        if (c !== COMMA && c !== LF && c !== CR) {
          throw new ReportParseError(`unexpected ${JSON.stringify(String.fromCharCode(c))} after a closing quote`, {
            file: this.file,
            line,
            column: i - lineStart + 1,
          });
        }
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
      if (i - rowStart > this.maxLineLength) this.tooLong(rowLine);
      if (!(cells.length === 1 && cells[0] === '' && state === UNQUOTED)) {
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
      rowStart = i;
      lineStart = i;
      rowLine = line;
    }

    // Keep the unfinished row for the next chunk, rebased to offset 0.
    if (len - rowStart > this.maxLineLength) this.tooLong(rowLine);
    this.pending = rowStart === 0 ? s : s.slice(rowStart);
    this.resumeAt = i - rowStart;
    this.fieldStart = fieldStart - rowStart;
    this.lineStart = lineStart - rowStart;
    this.state = state;
    this.escaped = escaped;
    this.cells = cells;
    this.line = line;
    this.rowLine = rowLine;
  }

  private tooLong(line: number): never {
    throw new ReportParseError(
      `a row is longer than ${this.maxLineLength} characters: not a report file, or a corrupt one`,
      { file: this.file, line },
    );
  }
}
