import { Option } from 'commander';
import { ConfigError } from '../../errors.js';
import type { RegisterCommand } from '../context.js';
import { positiveInt } from '../parsers.js';
import { requirePostgres } from '../require-postgres.js';

/** `worker`: runs merchants' sync jobs from the PostgreSQL queue until SIGTERM. */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('worker')
    .addOption(new Option('--concurrency <n>', 'jobs this worker runs at once').default(2).argParser(positiveInt('--concurrency')))
    .addOption(new Option('--job-timeout <seconds>', 'a job active longer than this is presumed dead (its worker killed) and retried').default(3600).argParser(positiveInt('--job-timeout')))
    .addHelpText('after', `
Each merchant's reports go to <out>/<merchant>/<type>/…, its ledger to the merchant's rows in --db.
A merchant never syncs twice at once anywhere (a per-merchant lock in PostgreSQL). On SIGTERM the
worker takes no new job, lets the running syncs stop cleanly (checkpoint safe) and exits 0.

Examples:
  $ amazon-pay-reports worker --db postgres://apr@db/books --out /srv/reports --concurrency 4
`)
    .action(async (flags: { concurrency: number; jobTimeout: number }) => {
      const settings = ctx.settings();
      const url = requirePostgres(settings, 'worker');
      const signal = ctx.io.signal;
      if (!signal) throw new ConfigError('worker needs a way to be stopped (SIGINT/SIGTERM)');
      const { runWorker } = await import('../../worker/run-worker.js');
      await runWorker({
        url, outDir: settings.out, concurrency: flags.concurrency, jobTimeoutSeconds: flags.jobTimeout, signal, now: ctx.io.now,
        onReady: () => ctx.log.info(`worker ready: ${flags.concurrency} at a time, files under ${settings.out}; stop with SIGTERM`),
        onJob: (e) => (e.ok ? ctx.log.verbose(`${e.merchant}: synced`) : ctx.log.warn(`${e.merchant}: sync failed (retried with backoff): ${e.error ?? ''}`)),
      });
      ctx.log.info('worker stopped');
    });
};
export default register;
