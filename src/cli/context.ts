import type { Command } from 'commander';
import type { Store } from '../store/store.js';
import type { Client } from '../client/types.js';

/** The process's effects, passed in so tests drive `main(argv, io)` without touching globals. */
export interface CliIo {
  /** Text, or UTF-8 bytes (exports). */
  stdout: { write(chunk: string | Uint8Array): unknown };
  stderr: { write(chunk: string): unknown; isTTY?: boolean; columns?: number };
  env: Readonly<Record<string, string | undefined>>;
  cwd: string;
  now: () => Date;
  /** Resolves when SIGINT/SIGTERM arrives (the emulator command waits on it). */
  signal?: AbortSignal;
}

/** Settings after flags > environment > config file > defaults (cli.md "Configuration"). */
export interface ResolvedSettings {
  publicKeyId?: string;
  /** Path of the PEM file, or undefined when the PEM text came from AMAZON_PAY_PRIVATE_KEY. */
  privateKeyFile?: string;
  privateKeyPem?: string;
  region: string;
  sandbox: boolean;
  endpoint?: string;
  algorithm?: string;
  db: string;
  out: string;
  /** Whether --db / --out (or their environment variable or config entry) chose them, rather than the default. */
  dbChosen: boolean;
  outChosen: boolean;
  /** `--merchant`: whose ledger in a PostgreSQL store that holds several. */
  merchant?: string;
  /** The API rate ceiling, `R[:B]` (AMAZON_PAY_RATE, config `rate`); sync's `--rate` overrides it. */
  rate?: string;
  json: boolean;
  quiet: boolean;
  verbose: boolean;
}

export interface CommandContext {
  io: CliIo;
  /** Merged settings; call inside an action (flags are known then). Throws ConfigError on bad config. */
  settings(): ResolvedSettings;
  /** True when a Public Key ID and a private key are configured. */
  hasCredentials(): boolean;
  /** A client from the settings; ConfigError when credentials are missing or bad. */
  createClient(overrides?: { endpoint?: string; publicKeyId?: string; privateKeyPem?: string }): Client;
  /** The store at --db. `readOnly` for commands that only read: an absent store is a ConfigError, never created. */
  openStore(options?: { readOnly?: boolean; db?: string }): Promise<Store>;
  /** stderr logging that respects --quiet / --verbose. Never pass secrets (redacted anyway). */
  log: {
    info(msg: string): void;
    verbose(msg: string): void;
    warn(msg: string): void;
    /** Sends every log line (newline included) to `to` instead of stderr until the returned function is called. */
    redirect(to: (line: string) => void): () => void;
  };
  /** stdout: one JSON document, or an aligned table. */
  output: {
    json(value: unknown): void;
    table(rows: ReadonlyArray<Record<string, unknown>>, columns: ReadonlyArray<{ key: string; header: string; align?: 'left' | 'right' }>): void;
    line(text: string): void;
  };
  /** Exit status for a command that completed but found problems (e.g. reconcile → 1). */
  setExitCode(code: number): void;
}

/**
 * Every `src/cli/commands/<name>.ts` default-exports one of these: it adds `program.command(name)`
 * with its arguments, options and action; the description comes from command-table.ts. Heavy
 * modules are imported lazily inside actions.
 */
export type RegisterCommand = (program: Command, ctx: CommandContext) => void;
