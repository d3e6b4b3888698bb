import { InvalidArgumentError, type Command } from 'commander';
import type { RegisterCommand } from '../context.js';
import { unknownSettlement } from '../unknown-settlement.js';

interface ReconcileCliOptions {
  settlement?: string;
  gapTolerance?: number;
  bank?: string;
  dateWindow?: number;
}

function seconds(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('must be a whole number of seconds.');
  return Number(value);
}

function days(value: string): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) > 60) throw new InvalidArgumentError('must be a whole number of days from 0 to 60.');
  return Number(value);
}

/** `reconcile`: integrity and payout checks over the store; exit 1 when anything does not tie out. */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('reconcile')
    .option('--settlement <id>', 'check one settlement only')
    .option('--gap-tolerance <seconds>', 'periods this close count as contiguous (default 60)', seconds)
    .option('--bank <file>', 'instead: match every payout to a line of this bank statement (CSV or camt.053 XML)')
    .option('--date-window <days>', 'with --bank: days a payout may take to reach the bank (default 5)', days)
    .addHelpText('after', '\nExit status 1 when anything does not tie out (warnings alone do not fail); with --bank, when a\npayout has no bank line or the wrong amount.\n\nExamples:\n  $ amazon-pay-reports reconcile\n  $ amazon-pay-reports reconcile --settlement 2468135791 --json\n  $ amazon-pay-reports reconcile --bank kontoauszug.csv\n')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.opts<ReconcileCliOptions>();
      if (opts.bank !== undefined) {
        const { bankMatchAction } = await import('../bank-match-action.js');
        return bankMatchAction(ctx, { bank: opts.bank, settlement: opts.settlement, windowDays: opts.dateWindow });
      }
      const settings = ctx.settings();
      const { reconcile } = await import('../../reconcile/reconcile.js');
      const store = await ctx.openStore({ readOnly: true });
      try {
        const report = await reconcile(store, {
          settlementId: opts.settlement,
          gapToleranceMs: opts.gapTolerance === undefined ? undefined : opts.gapTolerance * 1000,
          now: ctx.io.now,
        });
        if (opts.settlement !== undefined && report.settlementsChecked === 0) throw unknownSettlement(opts.settlement, settings.db);
        if (!report.ok) ctx.setExitCode(1);
        if (settings.json) return ctx.output.json(report);
        const errors = report.issues.filter((i) => i.severity === 'error').length;
        const warnings = report.issues.length - errors;
        for (const issue of report.issues) ctx.output.line(`${issue.severity === 'error' ? 'ERROR  ' : 'warning'}  ${issue.code.padEnd(20)}  ${issue.message}`);
        const verdict = report.ok ? 'everything ties out' : `${errors} problem${errors === 1 ? '' : 's'} to look at`;
        ctx.output.line(`${report.settlementsChecked} settlement${report.settlementsChecked === 1 ? '' : 's'} checked: ${verdict}${warnings > 0 ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}.`);
      } finally {
        await store.close();
      }
    });
};
export default register;
