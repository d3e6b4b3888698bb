import { constants, createSign, createVerify, type KeyObject } from 'node:crypto';
import { SALT_LENGTHS, type SigningAlgorithm } from './constants.js';

/** RSASSA-PSS / SHA-256 / MGF1-SHA-256 with the algorithm's salt length; Base64 (standard, padded). */
export function pssSign(algorithm: SigningAlgorithm, privateKey: KeyObject, data: string): string {
  return createSign('sha256')
    .update(data)
    .sign({ key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: SALT_LENGTHS[algorithm] }, 'base64');
}

/** Verifies with the salt length the algorithm name demands (a wrong salt length fails). */
export function pssVerify(algorithm: SigningAlgorithm, publicKey: KeyObject, data: string, signature: string): boolean {
  try {
    return createVerify('sha256')
      .update(data)
      .verify({ key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: SALT_LENGTHS[algorithm] }, signature, 'base64');
  } catch {
    return false;
  }
}
