import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { formatIso } from '../../dates.js';
import { ConfigError } from '../../errors.js';
import { checkTimeRange } from '../check-time-range.js';
import type { RegisterCommand } from '../context.js';
import { time } from '../parsers.js';
import { ACCOUNTING_TARGETS, accountingExportAction, type AccountingCliOptions, type AccountingTarget } from '../accounting-export-action.js';

interface ExportCliOptions extends AccountingCliOptions {
  format: 'csv' | 'json' | 'ndjson';
  rawCsv?: boolean;
}

const FORMATS = ['csv', 'json', 'ndjson'] as const;

const HELP = `
Amounts are decimal strings; times ISO 8601 UTC. In CSV, a text cell starting with =, +, -, @,
tab or CR gets a leading ' so that a spreadsheet shows it instead of running it; amounts stay
numbers. --raw-csv turns that off. With --output, --json prints what was written:
{"what", "format", "path", "bytes", "records"}.

Journals are exact to the cent and balance; a settlement that did not pay out, or has rows on
suspense, is named on stderr (docs/accounting.md).

Examples:
  $ amazon-pay-reports export rows --format csv --since 2026-10-01 --output october.csv
  $ amazon-pay-reports export settlements --format ndjson
  $ amazon-pay-reports export journal --format csv --since 2026-10-01 --until 2026-11-01
  $ amazon-pay-reports export datev --accounts accounts.json --output EXTF_amazon_pay.csv
  $ amazon-pay-reports export camt053 --settlement 2468135791 --output statement.xml
`;

function format(value: string): ExportCliOptions['format'] {
  const v = value.trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(v)) throw new InvalidArgumentError(`use one of ${FORMATS.join(', ')}.`);
  return v as ExportCliOptions['format'];
}

/** `export rows|settlements`: the store's settlement rows or summaries as CSV, JSON or NDJSON. */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('export')
    .argument('<what>', `rows | settlements | ${ACCOUNTING_TARGETS.join(' | ')}`)
    .option('--format <format>', `${FORMATS.join(' | ')} (journal: csv | json)`, format, 'csv')
    .option('--since <time>', 'rows posted (settlements starting; journals: settlements ending) at or after this time (ISO 8601)', time)
    .option('--until <time>', 'rows posted (settlements starting; journals: settlements ending) before this time (ISO 8601)', time)
    .option('--output <file>', 'write to this file (atomically, owner-only 0600) instead of stdout')
    .option('--raw-csv', "CSV: text cells exactly as stored, without the ' that stops a spreadsheet running them as formulas")
    .option('--settlement <id>', 'journals: one settlement only')
    .option('--detail', 'journals: one line per transaction instead of one per account')
    .option('--tz <zone>', "journals: IANA time zone for dates and the month split (default: the report's own offset)")
    .option('--accounts <file>', 'journals: the account mapping (default ./accounts.json, else the generic chart)')
    .option('--xero-tax-rate <name>', "xero: the TaxRate column, a zero rate's name in your Xero tax settings", 'Tax Exempt')
    .addHelpText('after', HELP)
    .action(async (what: string, _opts: unknown, cmd: Command) => {
      if ((ACCOUNTING_TARGETS as readonly string[]).includes(what)) {
        const acc = cmd.opts<ExportCliOptions>();
        checkTimeRange(acc.since, acc.until);
        return accountingExportAction(ctx, what as AccountingTarget, acc);
      }
      if (what !== 'rows' && what !== 'settlements') throw new InvalidArgumentError(`export what? use one of rows, settlements, ${ACCOUNTING_TARGETS.join(', ')}, not ${JSON.stringify(what)}.`);
      checkExportFlags(cmd.opts<ExportCliOptions>(), ctx.settings().json);
      const stats = { records: 0 };
      const opts = cmd.opts<ExportCliOptions>();
      const { exportOutput } = await import('../../export/export-chunks.js');
      const store = await ctx.openStore({ readOnly: true });
      try {
        const chunks = exportOutput(store, {
          what, format: opts.format, since: opts.since && formatIso(opts.since), until: opts.until && formatIso(opts.until),
          rawCsv: opts.rawCsv, stats,
        });
        if (opts.output) {
          const { writeFileAtomic } = await import('../../export/write-file-atomic.js');
          const bytes = await writeFileAtomic(opts.output, chunks);
          ctx.log.info(`wrote ${bytes} bytes to ${opts.output}`);
          if (ctx.settings().json) ctx.output.json({ what, format: opts.format, path: resolve(ctx.io.cwd, opts.output), bytes, records: stats.records });
        } else {
          const { writeWithBackpressure } = await import('../../export/write-with-backpressure.js');
          for await (const chunk of chunks) await writeWithBackpressure(ctx.io.stdout, chunk);
        }
      } finally {
        await store.close();
      }
    });
};
export default register;

/** Usage errors found before the store is opened (exit 2). */
function checkExportFlags(opts: ExportCliOptions, json: boolean): void {
  checkTimeRange(opts.since, opts.until);
  if (json && !opts.output) throw new ConfigError('export --json describes the file written with --output; for JSON data on stdout use --format json');
}
