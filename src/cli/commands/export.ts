import { InvalidArgumentError, type Command } from 'commander';
import { formatIso } from '../../dates.js';
import type { RegisterCommand } from '../context.js';
import { time } from '../parsers.js';

interface ExportCliOptions {
  format: 'csv' | 'json' | 'ndjson';
  since?: Date;
  until?: Date;
  output?: string;
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
    .description('settlement rows or per-settlement summaries from --db as CSV, JSON or NDJSON')
    .argument('<what>', 'rows | settlements')
    .option('--format <format>', `${FORMATS.join(' | ')}`, format, 'csv')
    .option('--since <time>', 'rows posted (or settlements starting) at or after this time (ISO 8601)', time)
    .option('--until <time>', 'rows posted (or settlements starting) before this time (ISO 8601)', time)
    .option('--output <file>', 'write to this file (atomically) instead of stdout')
    .addHelpText('after', '\nAmounts are decimal strings; times ISO 8601 UTC.\n\nExamples:\n  $ amazon-pay-reports export rows --format csv --since 2026-10-01 --output october.csv\n  $ amazon-pay-reports export settlements --format ndjson\n')
    .action(async (what: string, _opts: unknown, cmd: Command) => {
      if (what !== 'rows' && what !== 'settlements') throw new InvalidArgumentError(`export what? use \`rows\` or \`settlements\`, not ${JSON.stringify(what)}.`);
      const opts = cmd.opts<ExportCliOptions>();
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
