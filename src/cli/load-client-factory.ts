import type { Client, ClientOptions } from '../client/types.js';

export type ClientFactory = (options: ClientOptions) => Client;

/** Loads createClient on demand, so `--help` and local-only commands never pay for the HTTP client. */
export async function loadClientFactory(): Promise<ClientFactory> {
  const { createClient } = await import('../client/create-client.js');
  return createClient;
}
