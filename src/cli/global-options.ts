import { InvalidArgumentError, Option, type Command } from 'commander';
import type { GlobalFlags } from './create-context.js';

const HELP_GROUP = 'Global options:';

/** The cli.md "Configuration" flags, plus --config and --retries. Fresh Option objects per command. */
function globalOptions(): Option[] {
  return [
    new Option('--public-key-id <id>', 'Public Key ID from Seller Central (env AMAZON_PAY_PUBLIC_KEY_ID)'),
    new Option('--private-key <file>', 'PEM private key file, PKCS#1 or PKCS#8 (env AMAZON_PAY_PRIVATE_KEY_FILE, or AMAZON_PAY_PRIVATE_KEY with the PEM text)'),
    new Option('--region <region>', 'na, eu or jp; aliases us, de, uk (env AMAZON_PAY_REGION; default na)'),
    new Option('--sandbox', 'sandbox environment, for keys without a LIVE/SANDBOX prefix (env AMAZON_PAY_SANDBOX=1)'),
    new Option('--endpoint <url>', "base URL override, e.g. the emulator's http://127.0.0.1:PORT (env AMAZON_PAY_ENDPOINT)"),
    new Option('--algorithm <name>', 'AMZN-PAY-RSASSA-PSS-V2 (default) or AMZN-PAY-RSASSA-PSS (env AMAZON_PAY_ALGORITHM)'),
    new Option('--db <file|url>', 'the store: a SQLite file or a postgres:// URL (env AMAZON_PAY_REPORTS_DB or DATABASE_URL; default ./amazon-pay-reports.db)'),
    new Option('--merchant <name>', 'with a PostgreSQL store holding several merchants: whose ledger (env AMAZON_PAY_MERCHANT)'),
    new Option('--out <dir>', 'where report files are written (env AMAZON_PAY_REPORTS_DIR; default ./reports)'),
    new Option('--json', 'machine-readable output: one JSON document on stdout'),
    new Option('--quiet', 'only the result: no notes, progress or retry notices on stderr (warnings and errors still show)'),
    new Option('--verbose', 'more on stderr (never secrets); stack traces on unexpected errors'),
    new Option('--config <file>', 'config file (default ./amazon-pay-reports.json when present)'),
    new Option('--retries <n>', 'retries per request for throttling, 5xx and network errors (default 4)').argParser(nonNegativeInt),
  ];
}

const TEMPLATE = globalOptions();
/** Long flag → the type its value has (`--json` boolean, `--retries` number, others string). */
const GLOBAL_KINDS = new Map(TEMPLATE.map((o) => [o.long ?? '', o.isBoolean() ? 'boolean' : o.long === '--retries' ? 'number' : 'string']));
const GLOBAL_NAMES = new Map(TEMPLATE.map((o) => [o.long ?? '', o.attributeName()]));

function nonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('--retries must be a whole number (0 for none).');
  return Number(value);
}

/**
 * Global options live on the root and are copied onto every subcommand, so they work before and
 * after the command name. Root uses positional options, so a command that defines one of these
 * flags itself (the emulator's repeatable --public-key-id, keys generate's --out) keeps its own.
 */
export class GlobalOptions {
  readonly #mine = new WeakSet<Option>();

  addTo(cmd: Command): void {
    for (const opt of globalOptions()) {
      if (cmd.options.some((o) => o.long === opt.long)) continue;
      if (cmd.parent) opt.helpGroup(HELP_GROUP);
      this.#mine.add(opt);
      cmd.addOption(opt);
    }
  }

  /** Adds the global options to `root` and every command below it. */
  addToTree(root: Command): void {
    const visit = (cmd: Command): void => {
      this.addTo(cmd);
      cmd.commands.forEach(visit);
    };
    visit(root);
  }

  /**
   * Global values from root down to `leaf`; a value given after the command name wins. A command's
   * own option with a global flag's name counts too when its value has the global's type (so
   * `download --out DIR` feeds settings().out, but the emulator's repeatable --public-key-id does not).
   */
  collect(leaf: Command | undefined): GlobalFlags {
    const chain: Command[] = [];
    for (let c: Command | null = leaf ?? null; c; c = c.parent) chain.unshift(c);
    const flags: Record<string, unknown> = {};
    for (const cmd of chain) {
      for (const opt of cmd.options) {
        const kind = opt.long === undefined ? undefined : GLOBAL_KINDS.get(opt.long);
        if (kind === undefined) continue;
        const value: unknown = cmd.getOptionValue(opt.attributeName());
        if (value === undefined) continue;
        if (this.#mine.has(opt) || typeof value === kind) flags[GLOBAL_NAMES.get(opt.long ?? '') ?? opt.attributeName()] = value;
      }
    }
    return flags;
  }
}
