import { InvalidArgumentError, Option, type Command } from 'commander';
import { ConfigError } from '../../errors.js';
import { MAX_GENERATED_MERCHANTS } from '../../emulator/generate-merchants.js';
import type { EmulatorRegion } from '../../emulator/regions.js';
import type { CommandContext, RegisterCommand } from '../context.js';
import { formatTable } from '../output.js';
import { time } from '../parsers.js';
import { untilAborted } from '../until-aborted.js';

interface EmulatorFlags {
  host: string;
  port: number;
  seed: number;
  days: number;
  publicKeyId?: string[];
  publicKey?: string[];
  merchants?: number;
  urlTtl: number;
  faults?: string;
  latency: number;
  throttle?: { ratePerSecond: number; burst: number };
  tls?: boolean;
  cert?: string;
  key?: string;
  region?: EmulatorRegion;
  settlementDays?: number;
  settlementTime?: number;
  accountOpened?: Date;
  reportDelay: number;
  documentCache?: string;
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

/** `HH:MM` (24 h) → seconds after local midnight. */
export function parseTimeOfDay(value: string): number {
  const m = /^([01]\d|2[0-3]):([0-5]\d)$/.exec(value.trim());
  if (!m) throw new InvalidArgumentError('--settlement-time must be HH:MM (24-hour, marketplace local time), e.g. 17:30.');
  return Number(m[1]) * 3600 + Number(m[2]) * 60;
}

function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `emulator`: runs the local Reports API until SIGINT/SIGTERM (cli.md "The emulator"). */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('emulator')
    .addOption(new Option('--host <host>', 'address to bind').default('127.0.0.1'))
    .addOption(new Option('--port <port>', 'port to bind; 0 = any free port').default(0).argParser(wholeNumber('--port', 0, 65_535)))
    .addOption(new Option('--seed <n>', 'makes every generated report, id and amount reproducible').default(1).argParser(wholeNumber('--seed', 0)))
    .addOption(new Option('--days <n>', 'days of settlement history at start').default(90).argParser(wholeNumber('--days', 0, 3650)))
    .option('--public-key-id <id>', 'register a merchant key (repeatable; pair each with --public-key)', collect)
    .option('--public-key <file>', 'PEM public (or private) key file for the --public-key-id at the same position', collect)
    .addOption(new Option('--merchants <n>', `generate N sellers (1–${MAX_GENERATED_MERCHANTS}), each with its own key pair and history; ids follow from --seed`).argParser(wholeNumber('--merchants', 1, MAX_GENERATED_MERCHANTS)))
    .addOption(new Option('--url-ttl <seconds>', 'report document URL validity (Amazon: 30)').default(30).argParser(wholeNumber('--url-ttl', 1)))
    .option('--faults <spec>', 'fault probabilities, e.g. 429:0.1,500:0.05,503:0.02,reset:0.02,truncate:0.02,slow:0.01')
    .addOption(new Option('--latency <ms>', 'hold each response this long, to model the network').default(0).argParser(wholeNumber('--latency', 0, 600_000)))
    .addOption(new Option('--throttle <rate[:burst]>', 'token-bucket throttle per merchant and operation: 429 with Retry-After past it (default off)').argParser(parseThrottle))
    .option('--tls', 'serve HTTPS; without --cert/--key, with a generated local CA (its file is printed) for pay-api.amazon.com|eu|jp, localhost, 127.0.0.1')
    .option('--cert <file>', 'PEM server certificate for --tls (with --key)')
    .option('--key <file>', 'PEM private key of --cert')
    .addOption(new Option('--region <region>', 'marketplace of the synthetic history: currency, time zone, fees').choices(['na', 'eu', 'uk', 'jp']).default('na'))
    .addOption(new Option('--settlement-days <n>', 'days per settlement period (default: na/eu/uk 1, jp 14)').argParser(wholeNumber('--settlement-days', 1, 30)))
    .addOption(new Option('--settlement-time <HH:MM>', "the seller's settlement time of day, marketplace local time (default: from the seed)").argParser(parseTimeOfDay))
    .addOption(new Option('--account-opened <date>', 'when the sellers opened their accounts: Create Report answers CANCELLED (no data) for ranges before it (default 2022-01-01)').argParser(time))
    .addOption(new Option('--report-delay <seconds>', 'how long a created report stays IN_PROGRESS').default(60).argParser(wholeNumber('--report-delay', 0, 86_400)))
    .option('--document-cache <dir>', 'render each report document once into this existing folder and serve downloads from the file, as S3 serves stored objects (files are kept)')
    .option('--json', 'print one line {"url","publicKeyId","privateKeyFile"[,"caFile"][,"merchants"]} once listening, nothing else on stdout')
    .addHelpText('after', '\nExamples:\n  $ amazon-pay-reports emulator --port 8080\n  $ amazon-pay-reports emulator --json --faults 429:0.1,reset:0.02\n  $ amazon-pay-reports emulator --json --merchants 3 --seed 7   # three sellers, each sees only its own reports\n  $ sudo amazon-pay-reports emulator --tls --port 443 --region eu   # with a hosts entry: any official SDK, unchanged\n')
    .action(async (_opts: unknown, cmd: Command) => runEmulator(ctx, cmd.opts<EmulatorFlags>()));
};
export default register;

/** Starts the emulator, announces it, waits for the abort signal, then closes it. */
export async function runEmulator(ctx: CommandContext, flags: EmulatorFlags): Promise<void> {
  const ids = flags.publicKeyId ?? [];
  const files = flags.publicKey ?? [];
  if (ids.length !== files.length)
    throw new ConfigError(`give one --public-key FILE for each --public-key-id (got ${ids.length} ids and ${files.length} files)`);
  if (flags.merchants !== undefined && ids.length > 0)
    throw new ConfigError('give --merchants N (generated keys) or --public-key-id/--public-key pairs (your keys), not both');
  const [{ createEmulator, generateMerchants, parseFaults }, fs, os, path] = await Promise.all([
    import('../../emulator/index.js'), import('node:fs/promises'), import('node:os'), import('node:path'),
  ]);
  if ((flags.cert === undefined) !== (flags.key === undefined))
    throw new ConfigError('give --cert FILE and --key FILE together (or neither, for a generated local CA)');
  const tlsOn = flags.tls === true || flags.cert !== undefined;
  const faults = flags.faults === undefined ? undefined : parseFaults(flags.faults);
  let keyDir: string | undefined;
  const tempDir = async (): Promise<string> => (keyDir ??= await fs.mkdtemp(path.join(os.tmpdir(), 'amazon-pay-emulator-')));
  let caFile: string | null = null;
  let emulator: Awaited<ReturnType<typeof createEmulator>> | undefined;
  try {
    let tls: { key: string; cert: string } | undefined;
    if (tlsOn && flags.cert !== undefined && flags.key !== undefined) {
      tls = { cert: await readPem(fs, flags.cert, '--cert'), key: await readPem(fs, flags.key, '--key') };
    } else if (tlsOn) {
      const { createLocalCertificates } = await import('../../emulator/tls/local-certificates.js');
      const made = await createLocalCertificates();
      tls = { key: made.key, cert: made.cert };
      caFile = path.join(await tempDir(), 'ca.pem');
      await fs.writeFile(caFile, made.caCert, { mode: 0o644 });
    }
    const generated = flags.merchants === undefined ? [] : await generateMerchants(flags.seed, flags.merchants);
    const registered = generated.length > 0
      ? generated.map(({ publicKeyId, publicKey, sellerId }) => ({ publicKeyId, publicKey, sellerId }))
      : ids.map((publicKeyId, i) => ({ publicKeyId, publicKey: { file: files[i]! } }));
    emulator = await createEmulator({
      host: flags.host, port: flags.port, seed: flags.seed, days: flags.days, urlTtlSeconds: flags.urlTtl, latencyMs: flags.latency,
      ...(faults ? { faults } : {}),
      ...(flags.throttle ? { throttle: flags.throttle } : {}),
      ...(tls ? { tls } : {}),
      ...(flags.region ? { region: flags.region } : {}),
      ...(flags.settlementDays === undefined ? {} : { settlementPeriodDays: flags.settlementDays }),
      ...(flags.settlementTime === undefined ? {} : { settlementTimeOfDaySeconds: flags.settlementTime }),
      ...(flags.accountOpened === undefined ? {} : { accountOpened: flags.accountOpened }),
      reportDelayMs: flags.reportDelay * 1000,
      ...(flags.documentCache === undefined ? {} : { documentCacheDir: flags.documentCache }),
      ...(registered.length > 0 ? { merchants: registered } : {}),
    });
    const merchants: AnnouncedMerchant[] = [];
    for (const [i, m] of generated.entries()) {
      const privateKeyFile = path.join(await tempDir(), `merchant-${i + 1}.pem`);
      await fs.writeFile(privateKeyFile, m.privateKeyPem, { mode: 0o600 });
      merchants.push({ merchantId: m.sellerId, publicKeyId: m.publicKeyId, privateKeyFile });
    }

    let privateKeyFile: string | null = merchants[0]?.privateKeyFile ?? null;
    const merchant = emulator.defaultMerchant;
    if (merchant) {
      privateKeyFile = path.join(await tempDir(), 'private.pem');
      await fs.writeFile(privateKeyFile, merchant.privateKeyPem, { mode: 0o600 });
    }
    // With --merchants, the top-level key is the first merchant's, so readers of the old fields keep working.
    const publicKeyId = merchant?.publicKeyId ?? merchants[0]?.publicKeyId ?? ids[0] ?? '';
    if (flags.json) {
      ctx.io.stdout.write(`${JSON.stringify({ url: emulator.url, publicKeyId, privateKeyFile, ...(tlsOn ? { caFile } : {}), ...(generated.length > 0 ? { merchants } : {}) })}\n`);
    } else {
      const key = privateKeyFile ? ` --private-key ${privateKeyFile}` : ' --private-key YOUR_PRIVATE_KEY.pem';
      ctx.output.line(`Amazon Pay Reports emulator listening on ${emulator.url}`);
      if (merchants.length > 0) {
        ctx.output.line(`  Merchants      ${merchants.length} (generated keys; deleted when the emulator stops)`);
        for (const line of formatTable(merchants.map((m) => ({ ...m })), MERCHANT_COLUMNS).trimEnd().split('\n')) ctx.output.line(`    ${line}`);
      } else {
        ctx.output.line(`  Public Key ID  ${publicKeyId}`);
      }
      if (merchant) ctx.output.line(`  Private key    ${privateKeyFile} (generated; deleted when the emulator stops)`);
      if (caFile) ctx.output.line(`  CA file        ${caFile} (trust it in your client; generated; deleted when the emulator stops)`);
      const period = flags.settlementDays ?? (flags.region === 'jp' ? 14 : 1);
      ctx.output.line(`  History        ${flags.days} days, a settlement every ${period === 1 ? 'day' : `${period} days`} (${flags.region ?? 'na'}), seed ${flags.seed}`);
      if (flags.documentCache !== undefined) ctx.output.line(`  Documents      rendered once into ${path.resolve(flags.documentCache)} (kept when the emulator stops)`);
      ctx.output.line(`Try: amazon-pay-reports --endpoint ${emulator.url} --public-key-id ${publicKeyId}${key} reports list`);
      ctx.log.info('Press Ctrl-C to stop.');
    }
    await untilAborted(ctx.io.signal);
  } finally {
    await emulator?.close();
    if (keyDir) await fs.rm(keyDir, { recursive: true, force: true });
    if (emulator && !flags.json) ctx.log.info('Emulator stopped.');
  }
}

/** One generated seller as `--json` and the listing show it. */
interface AnnouncedMerchant {
  merchantId: string;
  publicKeyId: string;
  privateKeyFile: string;
}

const MERCHANT_COLUMNS = [
  { key: 'merchantId', header: 'MERCHANT ID' }, { key: 'publicKeyId', header: 'PUBLIC KEY ID' }, { key: 'privateKeyFile', header: 'PRIVATE KEY' },
];

async function readPem(fs: typeof import('node:fs/promises'), file: string, flag: string): Promise<string> {
  const text = await fs.readFile(file, 'utf8').catch((err: NodeJS.ErrnoException) => {
    throw new ConfigError(`${flag} ${file}: cannot read it (${err.code ?? err.message})`, { cause: err });
  });
  if (!text.includes('-----BEGIN ')) throw new ConfigError(`${flag} ${file} is not a PEM file (no -----BEGIN line)`);
  return text;
}
