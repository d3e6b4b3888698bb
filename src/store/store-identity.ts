import type { Client } from '../client/types.js';
import { ConfigError } from '../errors.js';
import type { StoreIdentity } from './stored-report.js';

/** An emulator on this machine is one endpoint whatever port it was given this time. */
const LOOPBACK = /^(localhost|127\.\d+\.\d+\.\d+|\[::1\])$/i;

/** Whom a client syncs for: its endpoint, region, environment and Public Key ID. */
export function identityOf(info: Client['info']): StoreIdentity {
  const url = new URL(info.baseUrl);
  const environment = info.environment === 'key'
    ? (/^SANDBOX[-_]/i.test(info.publicKeyId) ? 'sandbox' : 'live')
    : info.environment;
  return {
    endpoint: LOOPBACK.test(url.hostname) ? 'emulator' : url.origin,
    region: info.region,
    environment,
    publicKeyId: info.publicKeyId,
  };
}

/** Same owner: every recorded field agrees (a merchant id counts only once both sides know it). */
export function sameOwner(a: StoreIdentity, b: StoreIdentity): boolean {
  return a.endpoint === b.endpoint && a.region === b.region && a.environment === b.environment && a.publicKeyId === b.publicKeyId
    && (a.merchantId === undefined || b.merchantId === undefined || a.merchantId === b.merchantId);
}

/** `emulator, na, live, key LIVE-AE3…, merchant A1B2…`: no secret in it, a Public Key ID is not one. */
export function describeIdentity(i: StoreIdentity): string {
  const source = i.endpoint === 'emulator' ? 'the emulator (synthetic data)' : i.endpoint;
  return `${source}, region ${i.region}, ${i.environment}, key ${i.publicKeyId}${i.merchantId ? `, merchant ${i.merchantId}` : ''}`;
}

/** The refusal when a store meets a sync for someone else. */
export function identityMismatch(location: string, stored: StoreIdentity, given: StoreIdentity): ConfigError {
  return new ConfigError(
    `the store ${location} belongs to ${describeIdentity(stored)}, not to ${describeIdentity(given)}; nothing was changed — pass --db with another file for this account`,
  );
}

/**
 * What `bindIdentity` stores: the given identity (keeping a merchant id learnt before), or
 * undefined when nothing changes; throws the refusal for another owner. Engines share it.
 */
export function nextIdentity(location: string, stored: StoreIdentity | undefined, given: StoreIdentity): StoreIdentity | undefined {
  if (stored && !sameOwner(stored, given)) throw identityMismatch(location, stored, given);
  const merged = { ...given, ...(stored?.merchantId && given.merchantId === undefined ? { merchantId: stored.merchantId } : {}) };
  return stored && JSON.stringify(stored) === JSON.stringify(merged) ? undefined : merged;
}
