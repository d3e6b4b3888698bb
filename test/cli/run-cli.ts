import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { createEmulator } from '../../src/emulator/index.js';
import type { Emulator, EmulatorOptions } from '../../src/emulator/index.js';
import type { CliIo } from '../../src/cli/context.js';
import { main } from '../../src/cli/main.js';

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `main(argv)` with captured streams, the given environment and cwd; never touches process.env. */
export async function runCli(argv: string[], env: Record<string, string | undefined> = {}, io: Partial<CliIo> = {}): Promise<CliResult> {
  let stdout = '';
  let stderr = '';
  const code = await main(argv, {
    stdout: { write: (s: string | Uint8Array) => (stdout += typeof s === 'string' ? s : Buffer.from(s).toString('utf8')) },
    stderr: { write: (s: string) => (stderr += s) },
    env,
    ...io,
  });
  return { code, stdout, stderr };
}

export interface EmulatorFixture {
  emulator: Emulator;
  /** `--endpoint URL --public-key-id ID --retries 0`: flags that point the CLI at the emulator. */
  args: string[];
  /** AMAZON_PAY_PRIVATE_KEY holding the emulator merchant's PEM. */
  env: Record<string, string>;
  publicKeyId: string;
  privateKeyPem: string;
}

/** A fresh emulator on port 0 and the flags/env to reach it. */
export async function startEmulator(options: EmulatorOptions = {}): Promise<EmulatorFixture> {
  const emulator = await createEmulator({ seed: 7, days: 30, ...options });
  const merchant = emulator.defaultMerchant;
  if (!merchant) throw new Error('emulator has no default merchant');
  return {
    emulator,
    args: ['--endpoint', emulator.url, '--public-key-id', merchant.publicKeyId],
    env: { AMAZON_PAY_PRIVATE_KEY: merchant.privateKeyPem },
    publicKeyId: merchant.publicKeyId,
    privateKeyPem: merchant.privateKeyPem,
  };
}

/** Parses stdout as the one JSON document `--json` promises. */
export function json<T = unknown>(result: CliResult): T {
  return JSON.parse(result.stdout) as T;
}

/** A URL nothing listens on: a port the OS just handed out and we released. */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
