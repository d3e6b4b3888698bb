import type { Client, ClientOptions } from '../client/types.js';

export type ClientFactory = (options: ClientOptions) => Client;

/** Loads createClient on demand, so `--help` and local-only commands never pay for the HTTP client. */
export async function loadClientFactory(): Promise<ClientFactory> {
  // TODO(cli): static specifier once src/client/create-client.ts lands; a variable keeps tsc green until then.
  const specifier = '../client/create-client.js';
  const mod = (await import(specifier)) as { createClient: ClientFactory };
  return mod.createClient;
}
