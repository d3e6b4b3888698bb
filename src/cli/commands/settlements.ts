import type { Command } from 'commander';
import { formatIso } from '../../dates.js';
import { checkTimeRange } from '../check-time-range.js';
import type { RegisterCommand } from '../context.js';
import { time } from '../parsers.js';
import { ALL_SETTLEMENT_COLUMNS, SETTLEMENT_COLUMNS, settlementTableRows, withPayoutTimes } from '../settlement-table.js';

interface SettlementsOptions {
  since?: Date;
  until?: Date;
  allColumns?: boolean;
}

/** `settlements`: one line per settlement from the store. */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('settlements')
    .option('--since <time>', 'settlements whose period starts at or after this time (ISO 8601)', time)
    .option('--until <time>', 'settlements whose period starts before this time (ISO 8601)', time)
    .option('--all-columns', 'every figure: rows, chargebacks, adjustments, reserve, payout, disbursed amount, status')
    .addHelpText('after', '\nExamples:\n  $ amazon-pay-reports settlements --since 2026-10-01\n  $ amazon-pay-reports settlements --json\n')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.opts<SettlementsOptions>();
      checkTimeRange(opts.since, opts.until);
      const settings = ctx.settings();
      const { settlementSummaries } = await import('../../reconcile/settlement-summaries.js');
      const store = await ctx.openStore({ readOnly: true });
      try {
        const list = await settlementSummaries(store, {
          since: opts.since && formatIso(opts.since),
          until: opts.until && formatIso(opts.until),
        });
        const paid = await withPayoutTimes(list, store.listDisbursements());
        if (settings.json) return ctx.output.json(paid);
        if (list.length === 0) return ctx.log.info('No settlements in the store for this range (run `amazon-pay-reports sync`).');
        const { settlementTotals } = await import('../../reconcile/settlement-totals.js');
        ctx.output.table(settlementTableRows([...paid, ...settlementTotals(list)]), opts.allColumns ? ALL_SETTLEMENT_COLUMNS : SETTLEMENT_COLUMNS);
        // A status may list warnings only (an identical re-issued copy, a period that differs from
        // the listing): those settlements still tie out, as `reconcile` says with exit 0.
        const { reconcile } = await import('../../reconcile/reconcile.js');
        const failing = new Set((await reconcile(store)).issues.filter((i) => i.severity === 'error').map((i) => i.settlementId));
        const notOk = list.filter((s) => failing.has(s.settlementId)).length;
        const warned = list.filter((s) => s.status !== 'ok' && !failing.has(s.settlementId)).length;
        if (notOk > 0) ctx.log.info(`${notOk} of ${list.length} settlements do not tie out: run \`amazon-pay-reports reconcile\` for details.`);
        else if (warned > 0) ctx.log.info(`${warned} of ${list.length} settlements have warnings: run \`amazon-pay-reports reconcile\` for details.`);
      } finally {
        await store.close();
      }
    });
};
export default register;
