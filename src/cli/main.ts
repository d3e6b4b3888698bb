import { Command, CommanderError, Option } from 'commander';
import { OutputClosedError } from '../errors.js';
import { COMMANDS, type CommandEntry } from './command-table.js';
import type { CliIo, RegisterCommand } from './context.js';
import type { MainContext } from './create-context.js';
import { defaultIo } from './default-io.js';
import { GlobalOptions } from './global-options.js';
import { loadClientFactory, type ClientFactory } from './load-client-factory.js';
import { packageVersion } from './version.js';

/** The widest the help is laid out (bin/recorded-help.js knows it too). */
const HELP_MAX_WIDTH = 80;

const EXAMPLES = `
Examples:
  $ amazon-pay-reports reports list --type settlement --since 2026-11-01
  $ amazon-pay-reports reports create --type refund --start 2026-11-01 --end 2026-11-08 --wait
  $ amazon-pay-reports documents get amzn1.tortuga.4.na.EXAMPLE
  $ amazon-pay-reports sync --json
  $ amazon-pay-reports keys generate --out ./keys
  $ amazon-pay-reports emulator --port 8080

Settings come from flags, else AMAZON_PAY_* environment variables, else ./amazon-pay-reports.json.
Exit status: 0 success, 1 the operation failed, 2 usage or configuration error.
`;

/** Commander reached a command whose module is not loaded: main loads it and parses again. Nothing was printed yet. */
class CommandNotLoaded extends Error {
  constructor(readonly entry: CommandEntry) {
    super(`the ${entry.name} command is not loaded`);
  }
}

/**
 * The CLI: parses `argv` (without node and script), runs one command and returns its exit status.
 * Never exits the process and never touches globals beyond what `io` leaves to the defaults.
 *
 * Commands load lazily: the first parse has every command as a stub (name, arguments and
 * description: enough for the command list, suggestions and root options). When commander picks
 * one, its module is imported and argv is parsed again, by the same rules, with it in place.
 */
export async function main(argv: string[], partialIo?: Partial<CliIo>): Promise<number> {
  const io = defaultIo(partialIo);
  let cli = createCli(io);
  try {
    try {
      await cli.program.parseAsync(argv, { from: 'user' });
    } catch (err) {
      if (!(err instanceof CommandNotLoaded)) throw err;
      cli = createCli(io, { entry: err.entry, register: (await err.entry.load()).default, context: await import('./create-context.js') });
      await cli.program.parseAsync(argv, { from: 'user' });
    }
  } catch (err) {
    io.release();
    // --help, --version and bare `amazon-pay-reports` have already printed what they had to say.
    if (err instanceof CommanderError && ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code))
      return err.exitCode === 0 ? 0 : 2;
    // `| head` closed stdout: what was wanted has been read; stop as a success.
    if (err instanceof OutputClosedError) return cli.ctx?.exitCode ?? 0;
    const { reportError } = await import('./error-line.js');
    const report = reportError(err, cli.globals.collect(cli.actionCommand() ?? cli.program).verbose ?? false);
    io.stderr.write(report.text);
    return report.exitCode;
  }
  io.release();
  return cli.ctx?.exitCode ?? 0;
}

interface LoadedCommand {
  entry: CommandEntry;
  register: RegisterCommand;
  context: typeof import('./create-context.js');
}

interface Cli {
  program: Command;
  globals: GlobalOptions;
  /** Only once a command is loaded. */
  ctx?: MainContext;
  /** The command whose action runs, once commander has picked it. */
  actionCommand(): Command | undefined;
}

/** The command tree: `loaded` defined in full, every other command a stub. */
function createCli(io: CliIo, loaded?: LoadedCommand): Cli {
  const globals = new GlobalOptions();
  let actionCommand: Command | undefined;
  let factory: ClientFactory | undefined;
  const program = new Command('amazon-pay-reports')
    .description('Sign, list, download, sync, parse and reconcile Amazon Pay API v2 reports.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help for a command')
    // Global options are copied onto every command; positional parsing lets a command keep its own
    // flag of the same name (see GlobalOptions). Inherited by subcommands created after this.
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({
      writeOut: (s) => void io.stdout.write(s),
      writeErr: (s) => void io.stderr.write(s),
      outputError: () => undefined, // main prints its own one-line error
      // Help is laid out for 80 columns, narrower only on a narrower terminal: wider lines are
      // harder to read, and the top-level help recorded at build time (bin/recorded-help.js)
      // then serves every terminal at least 80 wide.
      getOutHelpWidth: () => helpWidth(process.stdout),
      getErrHelpWidth: () => helpWidth(process.stderr),
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', EXAMPLES);

  const stubs = new Map<Command, CommandEntry>();
  // Running a stub, `help <stub>` and `<stub> --help` all pass one of these two before printing anything.
  program.hook('preSubcommand', (_root, sub) => {
    const entry = stubs.get(sub);
    if (entry) throw new CommandNotLoaded(entry);
  });
  let ctx: MainContext | undefined;
  for (const entry of COMMANDS) {
    if (entry.name === loaded?.entry.name) {
      ctx = loaded.context.createContext(io, () => globals.collect(actionCommand), () => {
        if (!factory) throw new Error(`the API client is not loaded: mark ${entry.name} \`api\` in command-table.ts`);
        return factory;
      });
      loaded.register(program, ctx);
      const cmd = program.commands.find((c) => c.name() === entry.name);
      if (!cmd) throw new Error(`the module of the ${entry.name} command did not add it`);
      cmd.description(entry.description);
      globals.addToTree(cmd);
      continue;
    }
    const stub = program.command(entry.name).description(entry.description);
    if (entry.args) stub.arguments(entry.args);
    // Every command has the global options, so the command list shows `[options]`; a stub needs
    // only that one option says so, not the fourteen (it is never parsed).
    stub.addOption(new Option('--global-options').hideHelp());
    stub.on('beforeHelp', () => {
      throw new CommandNotLoaded(entry);
    });
    stubs.set(stub, entry);
  }
  program.hook('preAction', async (_root, command) => {
    actionCommand = command;
    if (loaded?.entry.api) factory ??= await loadClientFactory();
  });
  globals.addTo(program);
  return { program, globals, ...(ctx && { ctx }), actionCommand: () => actionCommand };
}

/** Commander's help width for a stream: its terminal's columns up to 80; 80 when it is no terminal. */
function helpWidth(stream: { isTTY?: boolean; columns?: number }): number {
  const columns = stream.isTTY ? stream.columns : undefined;
  return columns === undefined ? HELP_MAX_WIDTH : Math.min(columns, HELP_MAX_WIDTH);
}
