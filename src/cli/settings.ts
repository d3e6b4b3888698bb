import { isAbsolute, resolve } from 'node:path';
import { ConfigError } from '../errors.js';
import { isSigningAlgorithm } from '../signing/constants.js';
import type { ConfigFile } from './config-file.js';
import type { ResolvedSettings } from './context.js';

/** Global flags as commander parsed them; absent when not given on the command line. */
export interface SettingsFlags {
  publicKeyId?: string | undefined;
  privateKey?: string | undefined;
  region?: string | undefined;
  sandbox?: boolean | undefined;
  endpoint?: string | undefined;
  algorithm?: string | undefined;
  db?: string | undefined;
  merchant?: string | undefined;
  out?: string | undefined;
  json?: boolean | undefined;
  quiet?: boolean | undefined;
  verbose?: boolean | undefined;
}

export type Env = Readonly<Record<string, string | undefined>>;

/** Region codes and the aliases the official SDKs accept (api.md §1.1). */
const REGIONS: Readonly<Record<string, 'na' | 'eu' | 'jp'>> = { na: 'na', eu: 'eu', jp: 'jp', us: 'na', de: 'eu', uk: 'eu' };

export const DEFAULT_DB = 'amazon-pay-reports.db';
export const DEFAULT_OUT = 'reports';
/** Where a sync with no credentials keeps the emulator's synthetic data: never beside real data. */
export const DEMO_DB = 'demo/amazon-pay-reports.db';
export const DEMO_OUT = 'demo/reports';

/**
 * Merges flags > environment > config file > defaults (cli.md "Configuration"). Paths come back
 * absolute: flag and environment paths relative to `cwd`, config file paths relative to the file.
 * Throws ConfigError for an unknown region or algorithm, a malformed endpoint or sandbox value.
 */
export function resolveSettings(flags: SettingsFlags, env: Env, configFile: ConfigFile | undefined, cwd: string): ResolvedSettings {
  const file = configFile?.values ?? {};
  const fileDir = configFile?.dir ?? cwd;
  const fromEnv = (name: string): string | undefined => {
    const v = env[name];
    return v === undefined || v.trim() === '' ? undefined : v.trim();
  };

  const region = normalizeRegion(flags.region ?? fromEnv('AMAZON_PAY_REGION') ?? file.region ?? 'na');
  const algorithm = flags.algorithm ?? fromEnv('AMAZON_PAY_ALGORITHM') ?? file.algorithm;
  if (algorithm !== undefined && !isSigningAlgorithm(algorithm))
    throw new ConfigError(`unknown signing algorithm "${algorithm}": use AMZN-PAY-RSASSA-PSS-V2 (default) or AMZN-PAY-RSASSA-PSS`);
  const endpoint = flags.endpoint ?? fromEnv('AMAZON_PAY_ENDPOINT') ?? file.endpoint;
  if (endpoint !== undefined) checkEndpoint(endpoint);

  // A postgres:// URL is kept as given; a file path is made absolute. DATABASE_URL is the usual name for a server's URL.
  const chosenDb = storeFrom(flags.db, cwd) ?? storeFrom(fromEnv('AMAZON_PAY_REPORTS_DB'), cwd) ?? storeFrom(fromEnv('DATABASE_URL'), cwd) ?? storeFrom(file.db, fileDir);
  const chosenOut = pathFrom(flags.out, cwd) ?? pathFrom(fromEnv('AMAZON_PAY_REPORTS_DIR'), cwd) ?? pathFrom(file.out, fileDir);
  const settings: ResolvedSettings = {
    region,
    sandbox: flags.sandbox ?? parseBool(fromEnv('AMAZON_PAY_SANDBOX'), 'AMAZON_PAY_SANDBOX') ?? file.sandbox ?? false,
    db: chosenDb ?? resolve(cwd, DEFAULT_DB),
    out: chosenOut ?? resolve(cwd, DEFAULT_OUT),
    dbChosen: chosenDb !== undefined,
    outChosen: chosenOut !== undefined,
    json: flags.json ?? false,
    verbose: flags.verbose ?? false,
    quiet: (flags.quiet ?? false) && !(flags.verbose ?? false),
  };
  const rate = fromEnv('AMAZON_PAY_RATE') ?? file.rate;
  if (rate !== undefined) settings.rate = rate;
  const merchant = flags.merchant ?? fromEnv('AMAZON_PAY_MERCHANT');
  if (merchant !== undefined) settings.merchant = merchant;
  const publicKeyId = flags.publicKeyId ?? fromEnv('AMAZON_PAY_PUBLIC_KEY_ID') ?? file.publicKeyId;
  if (publicKeyId !== undefined) settings.publicKeyId = publicKeyId;
  if (endpoint !== undefined) settings.endpoint = endpoint;
  if (algorithm !== undefined) settings.algorithm = algorithm;

  // A key file beats key text at the same level; the PEM text in the environment outranks a config file path.
  const keyFile = pathFrom(flags.privateKey, cwd) ?? pathFrom(fromEnv('AMAZON_PAY_PRIVATE_KEY_FILE'), cwd);
  const keyPem = env['AMAZON_PAY_PRIVATE_KEY'];
  if (keyFile !== undefined) settings.privateKeyFile = keyFile;
  else if (keyPem !== undefined && keyPem.trim() !== '') settings.privateKeyPem = unescapeNewlines(keyPem);
  else {
    const fromFile = pathFrom(file.privateKeyFile, fileDir);
    if (fromFile !== undefined) settings.privateKeyFile = fromFile;
  }
  return settings;
}

function storeFrom(value: string | undefined, base: string): string | undefined {
  return value !== undefined && /^postgres(ql)?:\/\//i.test(value.trim()) ? value.trim() : pathFrom(value, base);
}

/** `na`, `eu`, `jp`, or an alias (`us`, `de`, `uk`); ConfigError otherwise. */
export function normalizeRegion(region: string): 'na' | 'eu' | 'jp' {
  const r = REGIONS[region.trim().toLowerCase()];
  if (!r) throw new ConfigError(`unknown region "${region}": use na, eu or jp (aliases us, de, uk)`);
  return r;
}

function checkEndpoint(endpoint: string): void {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    throw new ConfigError(`endpoint "${endpoint}" is not a URL: use e.g. http://127.0.0.1:8080 or https://pay-api.amazon.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`endpoint "${endpoint}" must be an http:// or https:// URL`);
}

function parseBool(value: string | undefined, name: string): boolean | undefined {
  if (value === undefined) return undefined;
  const v = value.toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(v)) return true;
  if (['0', 'false', 'no', 'off'].includes(v)) return false;
  throw new ConfigError(`${name}="${value}" is not a boolean: use 1 or 0`);
}

function pathFrom(p: string | undefined, base: string): string | undefined {
  if (p === undefined || p === '') return undefined;
  return isAbsolute(p) ? p : resolve(base, p);
}

/** CI secret stores often hold a PEM on one line with literal `\n`; turn those back into newlines. */
function unescapeNewlines(pem: string): string {
  return pem.includes('\n') ? pem : pem.replace(/\\n/g, '\n');
}
