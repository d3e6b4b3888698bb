import { statSync } from 'node:fs';
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError } from '../../errors.js';
import type { RegisterCommand } from '../context.js';
import type { Column } from '../output.js';
import { preambleRecord } from '../preamble-record.js';
import { toReportType } from '../../report-types.js';
import type { ParsedRecord, ReportKind } from '../../reports/parsed-record.js';

interface ParseCliOptions {
  kind?: ReportKind;
  encoding?: string;
  lenient?: boolean;
  ndjson?: boolean;
}

const KINDS: readonly ReportKind[] = ['settlement', 'sandbox-settlement', 'refund', 'capture', 'generic'];

function kindOption(value: string): ReportKind {
  const v = value.trim();
  if ((KINDS as readonly string[]).includes(v)) return v as ReportKind;
  const type = toReportType(v);
  if (type === '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_') return 'settlement';
  if (type === '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_') return 'sandbox-settlement';
  if (type === '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_') return 'refund';
  if (type === '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_') return 'capture';
  if (type) return 'generic';
  throw new InvalidArgumentError(`unknown kind; use one of ${KINDS.join(', ')} (or a report type).`);
}

const TABLES: Record<ParsedRecord['kind'], readonly Column[]> = {
  settlement: [
    { key: 'line', header: 'LINE', align: 'right' }, { key: 'postedAt', header: 'POSTED (UTC)' }, { key: 'transactionType', header: 'TYPE' },
    { key: 'amazonTransactionId', header: 'TRANSACTION ID' }, { key: 'sellerOrderId', header: 'ORDER' }, { key: 'amount', header: 'AMOUNT', align: 'right' },
    { key: 'totalFee', header: 'FEE', align: 'right' }, { key: 'net', header: 'NET', align: 'right' }, { key: 'currencyCode', header: 'CUR' },
  ],
  refund: [
    { key: 'line', header: 'LINE', align: 'right' }, { key: 'amazonRefundId', header: 'REFUND ID' }, { key: 'refundStatus', header: 'STATUS' },
    { key: 'lastUpdatedAt', header: 'UPDATED (UTC)' }, { key: 'amount', header: 'AMOUNT', align: 'right' }, { key: 'currencyCode', header: 'CUR' },
    { key: 'reasonCode', header: 'REASON' },
  ],
  capture: [
    { key: 'line', header: 'LINE', align: 'right' }, { key: 'amazonCaptureId', header: 'CAPTURE ID' }, { key: 'captureStatus', header: 'STATUS' },
    { key: 'lastUpdatedAt', header: 'UPDATED (UTC)' }, { key: 'amount', header: 'AMOUNT', align: 'right' }, { key: 'currencyCode', header: 'CUR' },
    { key: 'reasonCode', header: 'REASON' },
  ],
  generic: [],
};

/** Rows buffered to size the table's columns before streaming the rest at those widths. */
const TABLE_SAMPLE = 1000;

/** `parse FILE`: a report file's rows as typed records; works on any file, no store needed. */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('parse')
    .argument('<file>', 'a downloaded report file (settlement, refund, capture or any CSV report)')
    .option('--kind <kind>', `read the file as this kind instead of detecting it: ${KINDS.join(', ')}`, kindOption)
    .option('--encoding <name>', 'text encoding when the file is not UTF-8, e.g. windows-1252')
    .option('--lenient', 'report broken rows as warnings and go on, instead of failing on the first')
    .option('--ndjson', 'one JSON record per line instead of a table (--json: one array)')
    .addHelpText('after', '\nWith --json or --ndjson, a settlement file\'s first record is {"kind": "preamble", "sellerId", "settlementId",\n"start", "end", …}; the rows follow.\n\nExamples:\n  $ amazon-pay-reports parse reports/settlement/2026-11-18_A08439021T39K6DTX4JS8.csv\n  $ amazon-pay-reports parse report.csv --json > rows.json\n')
    .action(async (file: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.opts<ParseCliOptions>();
      checkReadable(file);
      const { parseReportFile } = await import('../../reports/parse-report-file.js');
      const ndjson = opts.ndjson ?? false;
      const json = ctx.settings().json && !ndjson;
      const parsed = parseReportFile(file, {
        kind: opts.kind, encoding: opts.encoding, onBadRow: opts.lenient ? 'warn' : 'error',
        onWarning: (w) => ctx.log.warn(`${file}${w.line === undefined ? '' : `:${w.line}`}: ${w.code}: ${w.message}`),
      });
      const out = ctx.io.stdout;
      let count = 0;
      let sample: ParsedRecord[] = [];
      let widths: number[] | undefined;
      let columns: readonly Column[] = [];
      const flushSample = () => {
        if (sample.length === 0 && widths) return;
        const first = sample[0];
        columns = first ? columnsFor(first) : [];
        widths = columns.map((c) => Math.max(c.header.length, ...sample.map((r) => cell(r, c.key).length)));
        if (columns.length > 0) out.write(line(columns.map((c) => c.header), columns, widths));
        for (const r of sample) out.write(line(columns.map((c) => cell(r, c.key)), columns, widths));
        sample = [];
      };
      const { writeWithBackpressure } = await import('../../export/write-with-backpressure.js');
      let written = 0;
      const record = (r: object): string => (ndjson ? `${JSON.stringify(r)}\n` : `${written++ === 0 ? '\n' : ',\n'}${JSON.stringify(r)}`);
      // Machine output starts with the settlement preamble, known once the first rows are parsed.
      let preamblePending = json || ndjson;
      const takePreamble = (): string => {
        if (!preamblePending) return '';
        preamblePending = false;
        const p = preambleRecord(parsed.summary);
        return p ? record(p) : '';
      };
      if (json) out.write('[');
      for await (const batch of parsed.batches()) {
        // One write per batch, waiting for the pipe to drain, so memory stays bounded on huge files.
        let text = takePreamble();
        for (const r of batch) {
          if (json || ndjson) text += record(r);
          else if (!widths) {
            sample.push(r);
            if (sample.length >= TABLE_SAMPLE) flushSample();
          } else text += line(columns.map((c) => cell(r, c.key)), columns, widths);
          count++;
        }
        if (text) await writeWithBackpressure(out, text);
      }
      const last = takePreamble(); // a file with a preamble and no rows
      if (last) out.write(last);
      if (json) out.write(written === 0 ? ']\n' : '\n]\n');
      else if (!ndjson) flushSample();
      const s = parsed.summary;
      const more = s.warningCount > s.warnings.length ? ` (${s.warningCount - s.warnings.length} not shown)` : '';
      const p = s.preamble;
      const period = p?.start && p.end ? `, period ${p.start.iso} – ${p.end.iso}` : '';
      const settlement = s.settlementIds.length > 0 ? ` ${s.settlementIds.join(', ')}` : '';
      ctx.log.info(`${s.kind ?? 'report'}${settlement}${p?.sellerId ? ` (seller ${p.sellerId})` : ''}${period}: ${count} rows, ${s.warningCount} warnings${more}`);
    });
};
export default register;

function columnsFor(r: ParsedRecord): readonly Column[] {
  if (r.kind !== 'generic') return TABLES[r.kind];
  return [{ key: 'line', header: 'LINE', align: 'right' }, ...Object.keys(r.fields).map((k) => ({ key: `fields.${k}`, header: k }))];
}

function cell(r: ParsedRecord, key: string): string {
  const v = key.startsWith('fields.') && r.kind === 'generic' ? r.fields[key.slice(7)] : (r as unknown as Record<string, string | number | null | undefined>)[key];
  if (v === null || v === undefined) return '';
  return String(v).replace(/[\r\n]+/g, ' ');
}

function line(values: string[], columns: readonly Column[], widths: number[]): string {
  return `${values.map((v, i) => (columns[i]?.align === 'right' ? v.padStart(widths[i] ?? 0) : v.padEnd(widths[i] ?? 0))).join('  ').trimEnd()}\n`;
}

/** A missing path or a folder is a usage error (exit 2), said plainly rather than as ENOENT. */
function checkReadable(file: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(file).isFile();
  } catch {
    throw new ConfigError(`cannot read ${file}: no such file`);
  }
  if (!isFile) throw new ConfigError(`${file} is not a file`);
}
