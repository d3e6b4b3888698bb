import { InvalidArgumentError, Option, type Command } from 'commander';
import { ConfigError } from '../../errors.js';
import type { CommandContext, RegisterCommand } from '../context.js';

interface EmulatorFlags {
  host: string;
  port: number;
  seed: number;
  days: number;
  publicKeyId?: string[];
  publicKey?: string[];
  urlTtl: number;
  faults?: string;
  latency: number;
  throttle?: { ratePerSecond: number; burst: number };
  json?: boolean;
}

/** `RATE` or `RATE:BURST` (requests per second per merchant and operation; burst defaults to RATE). */
export function parseThrottle(value: string): { ratePerSecond: number; burst: number } {
  const m = /^(\d+(?:\.\d+)?)(?::(\d+))?$/.exec(value.trim());
  const rate = m ? Number(m[1]) : NaN;
  const burst = m?.[2] === undefined ? Math.max(1, Math.ceil(rate)) : Number(m[2]);
  if (!m || !(rate > 0) || !(burst >= 1))
    throw new ConfigError(`--throttle ${JSON.stringify(value)} is not RATE or RATE:BURST (e.g. 50 or 50:20: requests per second per merchant and operation, and how many may come back to back)`);
  return { ratePerSecond: rate, burst };
}

function wholeNumber(name: string, min: number, max = Number.MAX_SAFE_INTEGER): (value: string) => number {
  return (value) => {
    const n = /^\d+$/.test(value.trim()) ? Number(value) : NaN;
    if (!(n >= min && n <= max)) throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}.`);
    return n;
  };
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `emulator`: runs the local Reports API until SIGINT/SIGTERM (cli.md "The emulator"). */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('emulator')
    .description('run the local Amazon Pay Reports API emulator (synthetic data, no account needed)')
    .addOption(new Option('--host <host>', 'address to bind').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'port to bind; 0 = any free port').default(0).argParser(wholeNumber('--port', 0, 65_535)))
    .addOption(new Option('--seed <n>', 'makes every generated report, id and amount reproducible').default(1).argParser(wholeNumber('--seed', 0)))
    .addOption(new Option('--days <n>', 'days of settlement history at start').default(90).argParser(wholeNumber('--days', 0, 3650)))
    .option('--public-key-id <id>', 'register a merchant key (repeatable; pair each with --public-key)', collect)
    .option('--public-key <file>', 'PEM public (or private) key file for the --public-key-id at the same position', collect)
    .addOption(new Option('--url-ttl <seconds>', 'report document URL validity (Amazon: 30)').default(30).argParser(wholeNumber('--url-ttl', 1)))
    .option('--faults <spec>', 'fault probabilities, e.g. 429:0.1,500:0.05,503:0.02,reset:0.02,truncate:0.02,slow:0.01')
    .addOption(new Option('--latency <ms>', 'hold each response this long, to model the network').default(0).argParser(wholeNumber('--latency', 0, 600_000)))
    .addOption(new Option('--throttle <rate[:burst]>', 'token-bucket throttle per merchant and operation: 429 with Retry-After past it (default off)').argParser(parseThrottle))
    .option('--json', 'print one line {"url","publicKeyId","privateKeyFile"} once listening, nothing else on stdout')
    .addHelpText('after', '\nExamples:\n  $ amazon-pay-reports emulator --port 8080\n  $ amazon-pay-reports emulator --json --faults 429:0.1,reset:0.02\n')
    .action(async (_opts: unknown, cmd: Command) => runEmulator(ctx, cmd.opts<EmulatorFlags>()));
};
export default register;

/** Starts the emulator, announces it, waits for the abort signal, then closes it. */
export async function runEmulator(ctx: CommandContext, flags: EmulatorFlags): Promise<void> {
  const ids = flags.publicKeyId ?? [];
  const files = flags.publicKey ?? [];
  if (ids.length !== files.length)
    throw new ConfigError(`give one --public-key FILE for each --public-key-id (got ${ids.length} ids and ${files.length} files)`);
  const [{ createEmulator, parseFaults }, fs, os, path] = await Promise.all([
    import('../../emulator/index.js'), import('node:fs/promises'), import('node:os'), import('node:path'),
  ]);
  const faults = flags.faults === undefined ? undefined : parseFaults(flags.faults);
  const emulator = await createEmulator({
    host: flags.host, port: flags.port, seed: flags.seed, days: flags.days, urlTtlSeconds: flags.urlTtl, latencyMs: flags.latency,
    ...(faults ? { faults } : {}),
    ...(flags.throttle ? { throttle: flags.throttle } : {}),
    ...(ids.length > 0 ? { merchants: ids.map((publicKeyId, i) => ({ publicKeyId, publicKey: { file: files[i]! } })) } : {}),
  });

  let keyDir: string | undefined;
  let privateKeyFile: string | null = null;
  try {
    const merchant = emulator.defaultMerchant;
    if (merchant) {
      keyDir = await fs.mkdtemp(path.join(os.tmpdir(), 'amazon-pay-emulator-'));
      privateKeyFile = path.join(keyDir, 'private.pem');
      await fs.writeFile(privateKeyFile, merchant.privateKeyPem, { mode: 0o600 });
    }
    const publicKeyId = merchant?.publicKeyId ?? ids[0] ?? '';
    if (flags.json) {
      ctx.io.stdout.write(`${JSON.stringify({ url: emulator.url, publicKeyId, privateKeyFile })}\n`);
    } else {
      const key = privateKeyFile ? ` --private-key ${privateKeyFile}` : ' --private-key YOUR_PRIVATE_KEY.pem';
      ctx.output.line(`Amazon Pay Reports emulator listening on ${emulator.url}`);
      ctx.output.line(`  Public Key ID  ${publicKeyId}`);
      if (privateKeyFile) ctx.output.line(`  Private key    ${privateKeyFile} (generated; deleted when the emulator stops)`);
      ctx.output.line(`  History        ${flags.days} days of daily settlements, seed ${flags.seed}`);
      ctx.output.line(`Try: amazon-pay-reports --endpoint ${emulator.url} --public-key-id ${publicKeyId}${key} reports list`);
      ctx.log.info('Press Ctrl-C to stop.');
    }
    await untilAborted(ctx.io.signal);
  } finally {
    await emulator.close();
    if (keyDir) await fs.rm(keyDir, { recursive: true, force: true });
    if (!flags.json) ctx.log.info('Emulator stopped.');
  }
}

function untilAborted(signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return new Promise(() => undefined); // no signal source: run until the process is killed
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}
