import type { Command } from 'commander';
import type { Disbursement } from '../../client/types.js';
import type { RegisterCommand } from '../context.js';
import type { Column } from '../output.js';
import { pageSize, positiveInt, time } from '../parsers.js';

interface ListOptions {
  since?: Date;
  until?: Date;
  pageSize?: number;
  limit?: number;
}

const COLUMNS: readonly Column[] = [
  { key: 'transactionTime', header: 'TIME' },
  { key: 'settlementId', header: 'SETTLEMENT ID' },
  { key: 'amazonDisbursementReferenceId', header: 'DISBURSEMENT REFERENCE' },
  { key: 'amount', header: 'AMOUNT', align: 'right' },
  { key: 'currencyCode', header: 'CURRENCY' },
];

/** `disbursements list`: Get Disbursements, every page. */
const register: RegisterCommand = (program, ctx) => {
  const disbursements = program.command('disbursements');

  disbursements
    .command('list')
    .description('list disbursements in a time range, following nextToken to the end (or --limit)')
    .option('--since <time>', 'from this time (ISO 8601)', time)
    .option('--until <time>', 'up to this time (ISO 8601)', time)
    .option('--page-size <n>', 'disbursements per request, 1..100', pageSize)
    .option('--limit <n>', 'stop after this many disbursements', positiveInt('--limit'))
    .addHelpText('after', '\nExample:\n  $ amazon-pay-reports disbursements list --since 2026-10-01 --until 2026-11-01 --json\n')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.opts<ListOptions>();
      const found: Disbursement[] = [];
      const query = {
        ...(opts.since && { startTime: opts.since }),
        ...(opts.until && { endTime: opts.until }),
        ...(opts.pageSize !== undefined && { pageSize: opts.pageSize }),
      };
      for await (const d of ctx.createClient().disbursements.list(query)) {
        found.push(d);
        if (opts.limit !== undefined && found.length >= opts.limit) break;
      }
      if (ctx.settings().json) return ctx.output.json(found);
      if (found.length === 0) return ctx.log.info('No disbursements in this range.');
      ctx.output.table(found as unknown as Record<string, unknown>[], COLUMNS);
    });
};
export default register;
