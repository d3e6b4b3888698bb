import { accessSync, constants } from 'node:fs';
import { resolve } from 'node:path';
import { Option } from 'commander';
import { ConfigError } from '../../errors.js';
import type { Merchant } from '../../merchants/merchant.js';
import { loadPrivateKey } from '../../signing/keys.js';
import type { RegisterCommand } from '../context.js';
import { reportTypes } from '../parsers.js';
import { requirePostgres } from '../require-postgres.js';
import { withRegistry } from '../with-registry.js';
import { normalizeRegion } from '../settings.js';

interface AddFlags {
  publicKeyId: string;
  privateKey: string;
  region?: string;
  environment?: string;
  endpoint?: string;
  types?: string[];
  every: string;
  rate?: string;
}

/** `merchants add|list|show|remove|sync`: the accounts a multi-merchant database syncs. */
const register: RegisterCommand = (program, ctx) => {
  const merchants = program.command('merchants');

  merchants
    .command('add')
    .description('add a merchant: its Public Key ID, the path of its private key file, and how often to sync it')
    .argument('<name>', 'a short name: letters, digits, ".", "_", "-" (its files go to <out>/<name>/)')
    .requiredOption('--public-key-id <id>', 'the Public Key ID Seller Central shows')
    .requiredOption('--private-key <file>', 'path of the PEM private key; every worker machine must be able to read it (the key is never stored)')
    .option('--region <region>', 'na, eu or jp (default na)')
    .addOption(new Option('--environment <env>', 'live or sandbox').choices(['live', 'sandbox']))
    .option('--endpoint <url>', 'API base URL (an emulator, say)')
    .option('--types <type>', 'only this report type (repeatable)', reportTypes)
    .option('--every <duration>', 'how often it is due: 30m, 1h, 6h, 1d', '1h')
    .option('--rate <rate[:burst]>', 'API calls per second for this merchant (e.g. 2:5)')
    .action(async (name: string, flags: AddFlags) => {
      const { checkMerchantName, parseEvery, parseRate } = await import('../../merchants/merchant.js');
      checkMerchantName(name);
      const keyFile = resolve(ctx.io.cwd, flags.privateKey);
      try {
        accessSync(keyFile, constants.R_OK);
      } catch {
        throw new ConfigError(`--private-key ${keyFile}: no readable file there; give the path of the merchant's PEM private key`);
      }
      loadPrivateKey({ file: keyFile }); // a public key, an encrypted key…: named now, not at the first sync
      const merchant: Omit<Merchant, 'createdAt' | 'nextDueAt'> = {
        name, publicKeyId: flags.publicKeyId.trim(), privateKeyFile: keyFile,
        region: normalizeRegion(flags.region ?? 'na'),
        environment: (flags.environment as Merchant['environment'] | undefined) ?? (/^SANDBOX/i.test(flags.publicKeyId) ? 'sandbox' : 'live'),
        ...(flags.endpoint ? { endpoint: flags.endpoint } : {}),
        ...(flags.types ? { reportTypes: flags.types } : {}),
        everySeconds: parseEvery(flags.every),
        ...(flags.rate ? { rate: parseRate(flags.rate) } : {}),
      };
      const added = await withRegistry(ctx, 'merchants add', (r) => r.add(merchant));
      if (ctx.settings().json) return ctx.output.json(added);
      ctx.output.line(`added ${added.name}: key ${added.publicKeyId}, ${added.region}, ${added.environment}, every ${flags.every}; files under <out>/${added.name}/`);
    });

  merchants
    .command('list')
    .description('every merchant, with how often it syncs and when it is next due')
    .action(async () => {
      const list = await withRegistry(ctx, 'merchants list', (r) => r.list());
      if (ctx.settings().json) return ctx.output.json(list);
      if (list.length === 0) return ctx.log.info('No merchants yet: `amazon-pay-reports merchants add NAME --public-key-id ID --private-key FILE`.');
      ctx.output.table(list.map((m) => ({ ...m, every: `${m.everySeconds / 60} min` })), [
        { key: 'name', header: 'MERCHANT' }, { key: 'publicKeyId', header: 'PUBLIC KEY ID' }, { key: 'region', header: 'REGION' },
        { key: 'environment', header: 'ENV' }, { key: 'every', header: 'EVERY', align: 'right' }, { key: 'nextDueAt', header: 'NEXT DUE' },
      ]);
    });

  merchants
    .command('show')
    .description("one merchant's settings")
    .argument('<name>')
    .action(async (name: string) => {
      const m = await withRegistry(ctx, 'merchants show', async (r) => (await r.get(name)) ?? noSuch(name, await r.list()));
      if (ctx.settings().json) return ctx.output.json(m);
      const { formatFields } = await import('../output.js');
      ctx.output.line(formatFields(m as unknown as Record<string, unknown>).trimEnd());
    });

  merchants
    .command('remove')
    .description("remove a merchant; its stored history stays unless --purge")
    .argument('<name>')
    .option('--purge', "also delete its reports, rows, runs and checkpoint from the store (its files stay on disk)")
    .action(async (name: string, flags: { purge?: boolean }) => {
      await withRegistry(ctx, 'merchants remove', async (r) => {
        if (!(await r.remove(name, { purge: flags.purge === true }))) noSuch(name, await r.list());
      });
      if (ctx.settings().json) return ctx.output.json({ removed: name, purged: flags.purge === true });
      ctx.output.line(`removed ${name}${flags.purge ? ' and its stored history' : ' (its stored history stays; --purge deletes it)'}`);
    });

  merchants
    .command('sync')
    .description('enqueue a sync now (a worker runs it)')
    .argument('[name]', 'the merchant')
    .option('--all', 'every merchant')
    .action(async (name: string | undefined, flags: { all?: boolean }) => {
      if ((name === undefined) === (flags.all !== true)) throw new ConfigError('merchants sync: name one merchant, or pass --all');
      const url = requirePostgres(ctx.settings(), 'merchants sync');
      const list = await withRegistry(ctx, 'merchants sync', async (r) => {
        if (flags.all) return r.list();
        const m = await r.get(name as string);
        return m ? [m] : noSuch(name as string, await r.list());
      });
      const { startBoss, enqueueSyncs } = await import('../../worker/run-worker.js');
      const boss = await startBoss(url);
      try {
        const queued = await enqueueSyncs(boss, list);
        if (ctx.settings().json) return ctx.output.json({ queued, merchants: list.map((m) => m.name) });
        ctx.output.line(`queued ${queued} of ${list.length} (a merchant already queued is not queued twice); a worker runs them`);
      } finally {
        await boss.stop({ graceful: false, wait: true });
      }
    });
};
export default register;

function noSuch(name: string, all: readonly Merchant[]): never {
  const names = all.map((m) => m.name);
  throw new ConfigError(`no merchant named ${name}${names.length ? `: the merchants are ${names.join(', ')}` : ': there are no merchants yet (merchants add)'}`);
}
