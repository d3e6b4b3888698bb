import { InvalidArgumentError, type Command } from 'commander';
import { formatIso } from '../../dates.js';
import type { RegisterCommand } from '../context.js';
import { time } from '../parsers.js';
import { ACCOUNTING_TARGETS, accountingExportAction, type AccountingCliOptions, type AccountingTarget } from '../accounting-export-action.js';

interface ExportCliOptions extends AccountingCliOptions {
  format: 'csv' | 'json' | 'ndjson';
}

const FORMATS = ['csv', 'json', 'ndjson'] as const;

function format(value: string): ExportCliOptions['format'] {
  const v = value.trim().toLowerCase();
  if (!(FORMATS as readonly string[]).includes(v)) throw new InvalidArgumentError(`use one of ${FORMATS.join(', ')}.`);
  return v as ExportCliOptions['format'];
}

/** `export rows|settlements`: the store's settlement rows or summaries as CSV, JSON or NDJSON. */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('export')
    .description('settlement rows or summaries as CSV/JSON/NDJSON, or books-ready journals: neutral journal, DATEV, Xero, QuickBooks, camt.053')
    .argument('<what>', `rows | settlements | ${ACCOUNTING_TARGETS.join(' | ')}`)
    .option('--format <format>', `${FORMATS.join(' | ')} (journal: csv | json)`, format, 'csv')
    .option('--since <time>', 'rows posted (settlements starting; journals: settlements ending) at or after this time (ISO 8601)', time)
    .option('--until <time>', 'rows posted (settlements starting; journals: settlements ending) before this time (ISO 8601)', time)
    .option('--output <file>', 'write to this file (atomically, owner-only) instead of stdout')
    .option('--settlement <id>', 'journals: one settlement only')
    .option('--detail', 'journals: one line per transaction instead of one per account')
    .option('--tz <zone>', 'journals: IANA time zone for dates and the month split (default: the report\'s own offset)')
    .option('--accounts <file>', 'journals: the account mapping (default ./accounts.json, else the generic chart)')
    .option('--xero-tax-rate <name>', 'xero: the TaxRate column, a zero rate\'s name in your Xero tax settings', 'Tax Exempt')
    .addHelpText('after', '\nAmounts are decimal strings; times ISO 8601 UTC. Journals are exact to the cent and balance; a\nsettlement that did not pay out, or has rows on suspense, is named on stderr (docs/accounting.md).\n\nExamples:\n  $ amazon-pay-reports export rows --format csv --since 2026-10-01 --output october.csv\n  $ amazon-pay-reports export settlements --format ndjson\n  $ amazon-pay-reports export journal --format csv --since 2026-10-01 --until 2026-11-01\n  $ amazon-pay-reports export datev --accounts accounts.json --output EXTF_amazon_pay.csv\n  $ amazon-pay-reports export camt053 --settlement 2468135791 --output statement.xml\n')
    .action(async (what: string, _opts: unknown, cmd: Command) => {
      const opts = cmd.opts<ExportCliOptions>();
      if ((ACCOUNTING_TARGETS as readonly string[]).includes(what)) return accountingExportAction(ctx, what as AccountingTarget, opts);
      if (what !== 'rows' && what !== 'settlements') throw new InvalidArgumentError(`export what? use one of rows, settlements, ${ACCOUNTING_TARGETS.join(', ')}, not ${JSON.stringify(what)}.`);
      const { exportChunks } = await import('../../reconcile/export-chunks.js');
      const store = await ctx.openStore({ readOnly: true });
      try {
        const chunks = exportChunks(store, {
          what, format: opts.format, since: opts.since && formatIso(opts.since), until: opts.until && formatIso(opts.until),
        });
        if (opts.output) {
          const { writeFileAtomic } = await import('../../reconcile/write-file-atomic.js');
          const bytes = await writeFileAtomic(opts.output, chunks);
          ctx.log.info(`wrote ${bytes} bytes to ${opts.output}`);
        } else {
          const { writeWithBackpressure } = await import('../../reconcile/write-with-backpressure.js');
          for await (const chunk of chunks) await writeWithBackpressure(ctx.io.stdout, chunk);
        }
      } finally {
        await store.close();
      }
    });
};
export default register;
