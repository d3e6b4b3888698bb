import { Command, CommanderError } from 'commander';
import { OutputClosedError } from '../errors.js';
import dashboard from './commands/dashboard.js';
import accounts from './commands/accounts.js';
import disbursements from './commands/disbursements.js';
import doctor from './commands/doctor.js';
import merchants from './commands/merchants.js';
import status from './commands/status.js';
import worker from './commands/worker.js';
import documents from './commands/documents.js';
import download from './commands/download.js';
import emulator from './commands/emulator.js';
import exportCommand from './commands/export.js';
import keys from './commands/keys.js';
import parse from './commands/parse.js';
import reconcile from './commands/reconcile.js';
import report from './commands/report.js';
import reports from './commands/reports.js';
import schedules from './commands/schedules.js';
import settlements from './commands/settlements.js';
import sync from './commands/sync.js';
import type { CliIo, RegisterCommand } from './context.js';
import { createContext } from './create-context.js';
import { defaultIo } from './default-io.js';
import { reportError } from './error-line.js';
import { GlobalOptions } from './global-options.js';
import { loadClientFactory, type ClientFactory } from './load-client-factory.js';
import { packageVersion } from './version.js';

/** In help order: the API operations, then files and the store, then tools. */
const COMMANDS: readonly RegisterCommand[] = [
  reports, documents, schedules, disbursements,
  download, sync, parse, settlements, exportCommand, accounts, reconcile, dashboard, report,
  merchants, worker, status,
  doctor, keys, emulator,
];

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

/**
 * The CLI: parses `argv` (without node and script), runs one command and returns its exit status.
 * Never exits the process and never touches globals beyond what `io` leaves to the defaults.
 */
export async function main(argv: string[], partialIo?: Partial<CliIo>): Promise<number> {
  const io = defaultIo(partialIo);
  const globals = new GlobalOptions();
  let actionCommand: Command | undefined;
  let factory: ClientFactory | undefined;
  const ctx = createContext(io, () => globals.collect(actionCommand), () => {
    if (!factory) throw new Error('the API client is not loaded');
    return factory;
  });

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
    })
    .showSuggestionAfterError(true)
    .addHelpText('after', EXAMPLES);
  program.hook('preAction', async (_root, command) => {
    actionCommand = command;
    factory ??= await loadClientFactory();
  });

  for (const register of COMMANDS) register(program, ctx);
  globals.addToTree(program);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    io.release();
    // --help, --version and bare `amazon-pay-reports` have already printed what they had to say.
    if (err instanceof CommanderError && ['commander.helpDisplayed', 'commander.help', 'commander.version'].includes(err.code))
      return err.exitCode === 0 ? 0 : 2;
    // `| head` closed stdout: what was wanted has been read; stop as a success.
    if (err instanceof OutputClosedError) return ctx.exitCode ?? 0;
    const report = reportError(err, globals.collect(actionCommand ?? program).verbose ?? false);
    io.stderr.write(report.text);
    return report.exitCode;
  }
  io.release();
  return ctx.exitCode ?? 0;
}
