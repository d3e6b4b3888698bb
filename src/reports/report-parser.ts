import { ReportParseError } from '../errors.js';
import { CaptureRowReader } from './capture-row-reader.js';
import { CsvTokenizer, type CsvRow } from './csv-tokenizer.js';
import { HeaderIndex } from './header-index.js';
import type { ParsedRecord, ParseSummary, ParseWarning, ReportKind, SettlementPreamble } from './parsed-record.js';
import { RefundRowReader } from './refund-row-reader.js';
import { ReportTextDecoder, type TextPosition } from './report-text-decoder.js';
import { detectKind } from './detect-kind.js';
import { GenericRowReader } from './generic-row-reader.js';
import { uniqueHeaderNames } from './unique-header-names.js';
import { parseReportTimestamp } from './report-timestamp.js';
import { SettlementRowReader } from './settlement-row-reader.js';

/** Options for parsing one report file. */
export interface ParseOptions {
  /** Shown in errors and warnings as `file:line:column`. */
  file?: string | undefined;
  /** Skip detection and read the file as this kind (a mismatch is an error). */
  kind?: ReportKind | undefined;
  /** Text encoding when not UTF-8 (e.g. `windows-1252`). */
  encoding?: string | undefined;
  /** Longest accepted row in characters (default 16 MiB). */
  maxLineLength?: number | undefined;
  /** A row with the wrong cell count or an unreadable cell: throw (default) or record a warning and go on. */
  onBadRow?: 'error' | 'warn' | undefined;
  /** Warnings kept in the summary (default 1000); `onWarning` sees all of them. */
  maxWarnings?: number | undefined;
  onWarning?: ((warning: ParseWarning) => void) | undefined;
  /** Slack for the "row inside the settlement period" check (default 0: the period is exact). */
  periodToleranceMs?: number | undefined;
}

const SETTLEMENT_BANNERS = new Set(['Amazon Payments Advanced', 'Settlement Report']);
const SETTLEMENT_KEYS = new Set(['SellerId', 'SettlementStartDate', 'SettlementEndDate']);
const SETTLEMENT_HEADER_FIRST = 'TransactionPostedDate';
/** A settlement preamble is 5 rows; this many without a header means it is not one. */
const MAX_PREAMBLE_ROWS = 50;

type Phase = 'start' | 'preamble' | 'rows';
type RowReader = { read(cells: string[], line: number): ParsedRecord };

/**
 * Synchronous, push-based report parser: bytes in, typed records out. Detects the report kind
 * from the content (settlement banner/preamble, or header names) unless `kind` is given. Every
 * bad row either throws a ReportParseError naming file:line:column or, with `onBadRow: 'warn'`,
 * becomes a warning that carries its line: a row never silently disappears.
 */
export class ReportParser {
  private readonly decoder: ReportTextDecoder;
  private readonly tokenizer: CsvTokenizer;
  private readonly rows: CsvRow[] = [];
  private readonly opts: ParseOptions;
  private phase: Phase = 'start';
  private sniffed = false;
  private reader: RowReader | undefined;
  private width = 0;
  private preambleRows = 0;
  private readonly settlementIds = new Set<string>();
  private readonly currencies = new Set<string>();
  private lastSettlementId = '';
  private lastCurrency = '';
  private readonly state: ParseSummary;

  constructor(options: ParseOptions = {}) {
    this.opts = options;
    this.decoder = new ReportTextDecoder({ file: options.file, encoding: options.encoding });
    this.tokenizer = new CsvTokenizer({ file: options.file, maxLineLength: options.maxLineLength });
    this.state = {
      kind: undefined, file: options.file, header: [], preamble: undefined, records: 0,
      warnings: [], warningCount: 0, settlementIds: [], currencies: [],
    };
  }

  /** What was learned so far; complete after `end`. */
  get summary(): ParseSummary {
    return { ...this.state, settlementIds: [...this.settlementIds], currencies: [...this.currencies] };
  }

  /** Parses the next chunk of bytes, appending records to `out`. */
  push(chunk: Uint8Array, out: ParsedRecord[]): void {
    const text = this.decoder.decode(chunk, this.locate);
    if (!this.sniffed) this.sniff(text);
    this.tokenizer.push(text, this.rows);
    this.drain(out);
  }

  /** Finishes the input: flushes the last row and checks the file was a complete report. */
  end(out: ParsedRecord[]): void {
    const { line, column } = this.tokenizer.position();
    const tail = this.decoder.end({ line, column });
    if (!this.sniffed) this.sniff(tail);
    this.tokenizer.push(tail, this.rows);
    this.tokenizer.end(this.rows);
    this.drain(out);
    if (this.phase === 'start') throw this.error('the file is empty: no header row');
    if (this.phase === 'preamble') throw this.error(`no ${SETTLEMENT_HEADER_FIRST} header row after the settlement preamble (truncated file?)`);
  }

  /** Line and column of byte `index` of a chunk whose decoding failed: the tokenizer has seen all text before the chunk. */
  private readonly locate = (chunk: Uint8Array, index: number): TextPosition => {
    let { line, column, afterCr } = this.tokenizer.position();
    for (let k = 0; k < index; k++) {
      const c = chunk[k] as number;
      if (c === 0x0a) {
        if (!afterCr) line++;
        column = 1;
        afterCr = false;
      } else if (c === 0x0d) {
        line++;
        column = 1;
        afterCr = true;
      } else {
        if ((c & 0xc0) !== 0x80) column++;
        afterCr = false;
      }
    }
    return { line, column };
  };

  private drain(out: ParsedRecord[]): void {
    const rows = this.rows;
    for (let k = 0; k < rows.length; k++) {
      const row = rows[k] as CsvRow;
      if (this.phase === 'rows') this.dataRow(row, out);
      else this.headRow(row);
    }
    rows.length = 0;
  }

  private sniff(text: string): void {
    const t = text.trimStart();
    if (t === '') return;
    this.sniffed = true;
    const snippet = JSON.stringify(t.slice(0, 80).replace(/\s+/g, ' '));
    if (t[0] === '{' || t[0] === '[') throw this.error(`this is JSON, not a report file (an API error response?): ${snippet}`);
    if (t[0] === '<') {
      const hint = /<Error>|AccessDenied|Request has expired/.test(t.slice(0, 4096)) ? ' — an S3 error document (the pre-signed URL expired?)' : '';
      throw this.error(`this is HTML/XML, not a report file${hint}: ${snippet}`);
    }
  }

  private headRow(row: CsvRow): void {
    const first = row.cells[0] ?? '';
    const kind = this.opts.kind;
    const settlementLike = SETTLEMENT_BANNERS.has(first) || SETTLEMENT_KEYS.has(first) || first === SETTLEMENT_HEADER_FIRST;
    if (this.phase === 'start') {
      if (kind !== 'generic' && settlementLike) {
        if (kind !== undefined && kind !== 'settlement' && kind !== 'sandbox-settlement') {
          throw this.error(`expected a ${kind} report, but this is a settlement report`, row.line);
        }
        this.state.kind = kind ?? 'settlement';
        this.state.preamble = { banner: [], sellerId: null, start: null, end: null };
        this.phase = 'preamble';
      } else {
        if (kind === 'settlement' || kind === 'sandbox-settlement') {
          throw this.error(`expected a settlement report, but line ${row.line} starts with ${JSON.stringify(first.slice(0, 60))}`, row.line);
        }
        this.header(row);
        return;
      }
    }
    if (first === SETTLEMENT_HEADER_FIRST) {
      this.header(row);
      return;
    }
    this.preambleRow(row, this.state.preamble as SettlementPreamble);
  }

  private preambleRow(row: CsvRow, p: SettlementPreamble): void {
    if (++this.preambleRows > MAX_PREAMBLE_ROWS) {
      throw this.error(`no ${SETTLEMENT_HEADER_FIRST} header row within the first ${MAX_PREAMBLE_ROWS} rows`, row.line);
    }
    const [key = '', value = ''] = row.cells;
    if (SETTLEMENT_BANNERS.has(key)) {
      p.banner.push(key);
    } else if (key === 'SellerId') {
      p.sellerId = value || null;
    } else if (key === 'SettlementStartDate' || key === 'SettlementEndDate') {
      const t = parseReportTimestamp(value);
      if (!t) throw new ReportParseError(`${key} ${JSON.stringify(value)} is not a timestamp`, { file: this.opts.file, line: row.line, column: 2 });
      if (key === 'SettlementStartDate') p.start = t;
      else p.end = t;
    } else {
      this.warn({ code: 'preamble-unknown', line: row.line, message: `unexpected preamble row: ${JSON.stringify(row.cells.join(','))}` });
    }
  }

  private header(row: CsvRow): void {
    const cells = [...row.cells];
    // The settlement header ends with a comma: drop trailing empty names.
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    const names = uniqueHeaderNames(cells);
    const index = new HeaderIndex(names, this.opts.file, row.line);
    this.state.header = names;
    this.width = names.length;
    const kind = this.state.kind ?? this.opts.kind ?? detectKind(names);
    this.state.kind = kind;
    switch (kind) {
      case 'settlement':
      case 'sandbox-settlement':
        this.reader = this.settlementReader(index, row.line);
        break;
      case 'refund':
        this.reader = new RefundRowReader(index);
        break;
      case 'capture':
        this.reader = new CaptureRowReader(index);
        break;
      case 'generic':
        this.reader = new GenericRowReader(names);
        break;
    }
    this.phase = 'rows';
  }

  private settlementReader(index: HeaderIndex, line: number): SettlementRowReader {
    const p = this.state.preamble;
    if (!p || this.preambleRows === 0) {
      this.state.preamble = { banner: [], sellerId: null, start: null, end: null };
      this.warn({ code: 'no-preamble', line, message: 'settlement file has no SellerId/SettlementStartDate/SettlementEndDate preamble' });
    } else if (!p.sellerId || !p.start || !p.end) {
      const missing = [!p.sellerId && 'SellerId', !p.start && 'SettlementStartDate', !p.end && 'SettlementEndDate'].filter(Boolean);
      this.warn({ code: 'preamble-incomplete', line, message: `settlement preamble lacks ${missing.join(', ')}` });
    }
    const period = p?.start && p.end ? { startMs: p.start.ms, endMs: p.end.ms } : undefined;
    return new SettlementRowReader(index, (w) => this.warn(w), period, this.opts.periodToleranceMs ?? 0);
  }

  private dataRow(row: CsvRow, out: ParsedRecord[]): void {
    const cells = row.cells;
    const n = this.width;
    if (cells.length !== n && !(cells.length > n && cells.slice(n).every((c) => c === ''))) {
      let message: string;
      let column: number;
      if (!row.terminated && cells.length < n) {
        message = `last row has ${cells.length} of ${n} cells and no line ending: the file looks truncated`;
        column = cells.length + 1;
      } else {
        message = `row has ${cells.length} cells, the header has ${n}`;
        column = cells.length < n ? cells.length + 1 : n + 1;
      }
      this.badRow(new ReportParseError(message, { file: this.opts.file, line: row.line, column }), row);
      return;
    }
    let record: ParsedRecord;
    try {
      record = (this.reader as RowReader).read(cells, row.line);
    } catch (e) {
      if (e instanceof ReportParseError) {
        this.badRow(e, row);
        return;
      }
      throw e;
    }
    // Compared with the previous row's first: a file has one of each, and a Set lookup hashes a new string every row.
    if (record.kind === 'settlement') {
      if (record.settlementId !== this.lastSettlementId && !this.settlementIds.has(record.settlementId)) {
        this.settlementIds.add(record.settlementId);
        if (this.settlementIds.size > 1) {
          this.warn({ code: 'settlement-id-mixed', line: row.line, message: `SettlementId ${record.settlementId} differs from ${[...this.settlementIds][0]}: one file should hold one settlement` });
        }
      }
      this.lastSettlementId = record.settlementId;
      if (record.currencyCode !== this.lastCurrency && !this.currencies.has(record.currencyCode)) {
        this.currencies.add(record.currencyCode);
        if (this.currencies.size > 1) this.warn({ code: 'currency-mixed', line: row.line, message: `CurrencyCode ${record.currencyCode} differs from earlier rows` });
      }
      this.lastCurrency = record.currencyCode;
    }
    this.state.records++;
    out.push(record);
  }

  private badRow(err: ReportParseError, row: CsvRow): void {
    if (this.opts.onBadRow !== 'warn') throw err;
    const raw = row.cells.map((c) => `"${c.replaceAll('"', '""')}"`).join(',');
    this.warn({ code: 'bad-row', line: row.line, message: `${err.message} — row skipped: ${raw.length > 500 ? `${raw.slice(0, 500)}…` : raw}` });
  }

  private warn(w: ParseWarning): void {
    this.state.warningCount++;
    if (this.state.warnings.length < (this.opts.maxWarnings ?? 1000)) this.state.warnings.push(w);
    this.opts.onWarning?.(w);
  }

  private error(message: string, line?: number): ReportParseError {
    return new ReportParseError(message, { file: this.opts.file, line });
  }
}
