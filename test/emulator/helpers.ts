import { createPrivateKey, type KeyObject } from 'node:crypto';
import { createEmulator } from '../../src/emulator/index.js';
import type { Emulator, EmulatorOptions } from '../../src/emulator/types.js';
import { canonicalQuery, queryPairs, signRequest, type QueryParams, type SigningAlgorithm } from '../../src/signing/index.js';

/** A clock tests move by hand. */
export class TestClock {
  private ms: number;
  constructor(start: string | Date = '2026-11-20T12:00:00Z') {
    this.ms = new Date(start).getTime();
  }
  now = (): Date => new Date(this.ms);
  advance(ms: number): void {
    this.ms += ms;
  }
  set(to: string | Date): void {
    this.ms = new Date(to).getTime();
  }
}

export interface Harness {
  emulator: Emulator;
  clock: TestClock;
  publicKeyId: string;
  privateKey: KeyObject;
  call(method: string, path: string, init?: CallInit): Promise<CallResult>;
}

export interface CallInit {
  query?: QueryParams;
  body?: string;
  idempotencyKey?: string;
  algorithm?: SigningAlgorithm;
  publicKeyId?: string;
  privateKey?: KeyObject;
  date?: Date;
  /** Extra headers sent unsigned (or overriding signed ones, to tamper). */
  headers?: Record<string, string>;
}

export interface CallResult {
  status: number;
  headers: Headers;
  text: string;
  json: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- test convenience
}

/** Starts an emulator on port 0 with a test clock and its generated merchant. */
export async function startEmulator(options: EmulatorOptions = {}, clock = new TestClock()): Promise<Harness> {
  const emulator = await createEmulator({ days: 10, now: clock.now, ...options });
  const merchant = emulator.defaultMerchant;
  if (!merchant) throw new Error('expected a default merchant');
  const privateKey = createPrivateKey(merchant.privateKeyPem);
  const harness: Harness = {
    emulator, clock, publicKeyId: merchant.publicKeyId, privateKey,
    call: (method, path, init = {}) => signedCall(emulator.url, method, path, {
      publicKeyId: merchant.publicKeyId, privateKey, date: clock.now(), ...init,
    }),
  };
  return harness;
}

/** Signs with the project's signer and sends with fetch; the wire query is the canonical one. */
export async function signedCall(baseUrl: string, method: string, path: string, init: CallInit & { publicKeyId: string; privateKey: KeyObject; date: Date }): Promise<CallResult> {
  const query = canonicalQuery(queryPairs(init.query));
  const headers = signRequest({
    method, path, query: init.query, host: 'pay-api.amazon.com', region: 'na', body: init.body,
    idempotencyKey: init.idempotencyKey, publicKeyId: init.publicKeyId, privateKey: init.privateKey,
    algorithm: init.algorithm, date: init.date,
  });
  const res = await fetch(`${baseUrl}${path}${query ? `?${query}` : ''}`, {
    method, headers: { ...headers, ...init.headers }, ...(init.body === undefined ? {} : { body: init.body }),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}
