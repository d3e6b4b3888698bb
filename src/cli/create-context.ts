import type { ClientOptions } from '../client/types.js';
import { ConfigError } from '../errors.js';
import { isSigningAlgorithm } from '../signing/constants.js';
import { loadPrivateKey } from '../signing/keys.js';
import { readConfigFile } from './config-file.js';
import type { CliIo, CommandContext, ResolvedSettings } from './context.js';
import type { ClientFactory } from './load-client-factory.js';
import { createLog } from './log.js';
import { openCliStore } from './open-cli-store.js';
import { createOutput } from './output.js';
import { resolveSettings, type SettingsFlags } from './settings.js';

/** Global flags plus the ones that only steer the CLI itself. */
export interface GlobalFlags extends SettingsFlags {
  config?: string | undefined;
  retries?: number | undefined;
}

/** The context plus what `main` reads back after the action ran. */
export interface MainContext extends CommandContext {
  readonly exitCode: number | undefined;
}

/**
 * Builds the CommandContext every command receives. `flags` is read lazily: commander only knows
 * them once it has parsed argv, just before the action runs.
 */
export function createContext(io: CliIo, flags: () => GlobalFlags, clientFactory: () => ClientFactory): MainContext {
  let cached: { key: string; value: ResolvedSettings } | undefined;
  let exitCode: number | undefined;
  // Keyed on the flags, so a call made before commander parsed argv cannot pin stale settings.
  const settings = (): ResolvedSettings => {
    const f = flags();
    const key = JSON.stringify(f);
    if (cached?.key !== key) cached = { key, value: resolveSettings(f, io.env, readConfigFile(f.config, io.cwd), io.cwd) };
    return cached.value;
  };
  const log = createLog(io.stderr, () => {
    const f = flags();
    return { quiet: (f.quiet ?? false) && !(f.verbose ?? false), verbose: f.verbose ?? false };
  });

  return {
    io,
    settings,
    openStore: (options = {}) => openCliStore(settings(), io, options),
    hasCredentials() {
      const s = settings();
      return s.publicKeyId !== undefined && (s.privateKeyFile !== undefined || s.privateKeyPem !== undefined);
    },
    createClient(overrides = {}) {
      const s = settings();
      const publicKeyId = overrides.publicKeyId ?? s.publicKeyId;
      if (publicKeyId === undefined)
        throw new ConfigError('no Public Key ID configured: pass --public-key-id ID or set AMAZON_PAY_PUBLIC_KEY_ID (the id Seller Central shows next to your public key)');
      const source = overrides.privateKeyPem !== undefined
        ? { pem: overrides.privateKeyPem }
        : s.privateKeyFile !== undefined
          ? { file: s.privateKeyFile }
          : s.privateKeyPem !== undefined
            ? { pem: s.privateKeyPem }
            : undefined;
      if (source === undefined)
        throw new ConfigError('no private key configured: pass --private-key FILE or set AMAZON_PAY_PRIVATE_KEY_FILE (or AMAZON_PAY_PRIVATE_KEY to the PEM text)');
      // Load now so a bad key is a ConfigError before any request is made.
      const privateKey = loadPrivateKey(source);
      const options: ClientOptions = {
        publicKeyId,
        privateKey,
        region: s.region,
        sandbox: s.sandbox,
        now: io.now,
        // Retry and clock notices are progress, not problems: --quiet hides them.
        logger: { debug: (m) => log.verbose(m), warn: (m) => log.info(`warning: ${m}`) },
      };
      const endpoint = overrides.endpoint ?? s.endpoint;
      if (endpoint !== undefined) options.endpoint = endpoint;
      if (s.algorithm !== undefined && isSigningAlgorithm(s.algorithm)) options.algorithm = s.algorithm;
      const retries = flags().retries;
      if (retries !== undefined) options.retry = { retries };
      const client = clientFactory()(options);
      log.verbose(`client: key ${client.info.publicKeyId}, ${client.info.environment === 'key' ? 'environment from the key' : client.info.environment}, region ${client.info.region}, ${client.info.baseUrl}, ${client.info.algorithm}`);
      return client;
    },
    log,
    output: createOutput(io.stdout),
    setExitCode(code) {
      exitCode = code;
    },
    get exitCode() {
      return exitCode;
    },
  };
}
