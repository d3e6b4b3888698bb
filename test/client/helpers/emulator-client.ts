import { createClient } from '../../../src/client/create-client.js';
import type { Client, ClientOptions } from '../../../src/client/types.js';
import { createEmulator } from '../../../src/emulator/index.js';
import type { Emulator, EmulatorOptions } from '../../../src/emulator/types.js';

/** One request as the client put it on the wire (recorded around the real fetch). */
export interface WireRecord {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: string | undefined;
}

/** A real fetch that also records what it sent: still real HTTP to the emulator. */
export function recordingFetch(): { fetch: typeof globalThis.fetch; sent: WireRecord[] } {
  const sent: WireRecord[] = [];
  const fetch: typeof globalThis.fetch = (input, init) => {
    const headers = Object.fromEntries(new Headers(init?.headers).entries());
    sent.push({ method: init?.method ?? 'GET', url: new URL(input instanceof Request ? input.url : String(input)), headers, body: typeof init?.body === 'string' ? init.body : undefined });
    return globalThis.fetch(input, init);
  };
  return { fetch, sent };
}

/** Test effects: a sleep that records and returns at once, a fixed random, a logger that keeps lines. */
export function testEffects(): { sleeps: number[]; sleep: (ms: number) => Promise<void>; random: () => number; lines: string[]; logger: { debug(m: string): void; warn(m: string): void } } {
  const sleeps: number[] = [];
  const lines: string[] = [];
  return {
    sleeps,
    sleep: (ms) => {
      sleeps.push(ms);
      return Promise.resolve();
    },
    random: () => 0.5,
    lines,
    logger: { debug: (m) => lines.push(`debug ${m}`), warn: (m) => lines.push(`warn ${m}`) },
  };
}

export interface Harness {
  emulator: Emulator;
  publicKeyId: string;
  privateKeyPem: string;
  /** A client for the emulator's default merchant; overrides win. */
  client(overrides?: Partial<ClientOptions>): Client;
  /** Operations the emulator logged since `from` (an index into emulator.requests). */
  operations(from?: number): string[];
}

/** Starts an emulator on port 0 and hands out clients signed with its generated merchant key. */
export async function startHarness(options: EmulatorOptions = {}): Promise<Harness> {
  const emulator = await createEmulator({ seed: 11, ...options });
  const merchant = emulator.defaultMerchant;
  if (!merchant) throw new Error('the emulator made no default merchant');
  return {
    emulator,
    publicKeyId: merchant.publicKeyId,
    privateKeyPem: merchant.privateKeyPem,
    client: (overrides = {}) => createClient({ publicKeyId: merchant.publicKeyId, privateKey: { pem: merchant.privateKeyPem }, endpoint: emulator.url, ...overrides }),
    operations: (from = 0) => emulator.requests.slice(from).map((r) => `${r.operation} ${r.status}`),
  };
}
