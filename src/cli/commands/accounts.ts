import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { ConfigError } from '../../errors.js';
import type { RegisterCommand } from '../context.js';

const PRESETS = ['skr03', 'skr04', 'generic'] as const;

function preset(value: string): (typeof PRESETS)[number] {
  const v = value.trim().toLowerCase();
  if (!(PRESETS as readonly string[]).includes(v)) throw new InvalidArgumentError(`use one of ${PRESETS.join(', ')}.`);
  return v as (typeof PRESETS)[number];
}

/** `accounts init`: writes an accounts.json from a preset chart for the accounting exports. */
const register: RegisterCommand = (program, ctx) => {
  const accounts = program.command('accounts');
  accounts
    .command('init')
    .description('write accounts.json from a preset chart: SKR03, SKR04 or a generic English chart')
    .option('--preset <chart>', PRESETS.join(' | '), preset, 'generic')
    .option('--output <file>', 'where to write it', 'accounts.json')
    .option('--force', 'replace an existing file')
    .addHelpText('after', '\nEdit the account numbers and the DATEV Berater/Mandant numbers afterwards (docs/accounting.md).\n\nExamples:\n  $ amazon-pay-reports accounts init --preset skr03\n  $ amazon-pay-reports accounts init --preset generic --output books/accounts.json\n')
    .action(async (_opts: unknown, cmd: Command) => {
      const opts = cmd.opts<{ preset: (typeof PRESETS)[number]; output: string; force?: boolean }>();
      const path = resolve(ctx.io.cwd, opts.output);
      if (existsSync(path) && !opts.force) throw new ConfigError(`${path} exists: edit it, or pass --force to replace it`);
      const { accountsPreset } = await import('../../accounting/accounts.js');
      const { writeFileAtomic } = await import('../../export/write-file-atomic.js');
      await writeFileAtomic(path, [`${JSON.stringify(accountsPreset(opts.preset), null, 2)}\n`]);
      ctx.log.info(`wrote the ${opts.preset} chart to ${path}`);
    });
};
export default register;
