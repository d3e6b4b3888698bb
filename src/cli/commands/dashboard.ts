import { InvalidArgumentError, Option, type Command } from 'commander';
import { ConfigError } from '../../errors.js';
import type { CommandContext, RegisterCommand } from '../context.js';
import { untilAborted } from '../until-aborted.js';

interface DashboardFlags {
  host: string;
  port: number;
  token?: string;
  open?: boolean;
}

function port(value: string): number {
  const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 65_535)) throw new InvalidArgumentError('--port must be a whole number from 0 to 65535.');
  return n;
}

/** `dashboard`: serves the store as a local web page until SIGINT/SIGTERM (docs/dashboard.md). */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('dashboard')
    .addOption(new Option('--host <host>', 'address to bind (anything but loopback needs --token)').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'port to bind; 0 = any free port').default(8377).argParser(port))
    .option('--token <token>', 'secret every request must carry (generated and printed when --host is not loopback)')
    .option('--open', 'open the page in the default browser')
    .addHelpText('after', '\nExamples:\n  $ amazon-pay-reports dashboard --open\n  $ amazon-pay-reports dashboard --db ./store.db --port 0 --json\n')
    .action(async (_opts: unknown, cmd: Command) => runDashboard(ctx, cmd.opts<DashboardFlags>()));
};
export default register;

async function runDashboard(ctx: CommandContext, flags: DashboardFlags): Promise<void> {
  const settings = ctx.settings();
  const [{ createDashboardServer }, { dashboardToken }] = await Promise.all([
    import('../../dashboard/create-dashboard-server.js'), import('../../dashboard/dashboard-token.js'),
  ]);
  const { token, generated } = dashboardToken(flags.host, flags.token);
  const store = await ctx.openStore({ readOnly: true });
  try {
    const server = await createDashboardServer({ store, host: flags.host, port: flags.port, token }).catch((err: unknown) => {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EADDRINUSE') throw new ConfigError(`port ${flags.port} on ${flags.host} is in use: pass another --port (0 picks a free one)`);
      if (code === 'EADDRNOTAVAIL' || code === 'ENOTFOUND') throw new ConfigError(`cannot bind ${flags.host}: pass an address of this machine with --host`);
      throw err;
    });
    try {
      // The link carries the token once; the page keeps it as an HttpOnly cookie.
      const link = token === undefined ? server.url : `${server.url}?token=${token}`;
      if (settings.json) ctx.io.stdout.write(`${JSON.stringify({ url: server.url, ...(generated ? { token } : {}) })}\n`);
      else {
        ctx.output.line(`Dashboard for ${store.location} at ${link}`);
        if (generated) ctx.output.line(`  Token  ${token} (generated: every request must carry it)`);
        ctx.log.info('Press Ctrl-C to stop.');
      }
      if (flags.open) (await import('../../dashboard/open-in-browser.js')).openInBrowser(link);
      await untilAborted(ctx.io.signal);
    } finally {
      await server.close();
    }
  } finally {
    await store.close();
  }
}
