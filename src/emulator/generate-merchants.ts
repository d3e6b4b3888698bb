import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { ConfigError } from '../errors.js';
import { alnumIdFor } from './ids.js';

/** A merchant the emulator made up: a fresh key pair under ids that follow from the seed. */
export interface GeneratedMerchant {
  publicKeyId: string;
  /** The seller id its settlement files carry (the `merchantId` of `emulator --merchants --json`). */
  sellerId: string;
  publicKey: KeyObject;
  privateKeyPem: string;
}

/** Most merchants `generateMerchants` makes: each costs an RSA key pair and its own history. */
export const MAX_GENERATED_MERCHANTS = 1000;

/** The seller id of a key registered without one; it follows from the key id alone. */
export function sellerIdFor(publicKeyId: string): string {
  return `A${alnumIdFor(13, 'seller', publicKeyId)}`;
}

/**
 * `count` merchants with RSA-2048 key pairs. The ids depend only on the seed and the position, so
 * a run with the same seed and count offers the same merchants (and, as history is seeded by the
 * key id, the same reports); the first is the emulator's default merchant. The key pairs are new
 * every run: nothing secret is derived from the seed.
 */
export async function generateMerchants(seed: number, count: number): Promise<GeneratedMerchant[]> {
  if (!Number.isInteger(count) || count < 1 || count > MAX_GENERATED_MERCHANTS)
    throw new ConfigError(`the merchant count must be a whole number from 1 to ${MAX_GENERATED_MERCHANTS}, got ${String(count)}`);
  const generate = promisify(generateKeyPair);
  return Promise.all(Array.from({ length: count }, async (_, i) => {
    const { publicKey, privateKey } = await generate('rsa', { modulusLength: 2048 });
    // Position 0 keeps the id the single default merchant has always had.
    const publicKeyId = `EMU${i === 0 ? alnumIdFor(21, 'default-key', seed) : alnumIdFor(21, 'default-key', seed, i)}`;
    return { publicKeyId, sellerId: sellerIdFor(publicKeyId), publicKey, privateKeyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString() };
  }));
}
