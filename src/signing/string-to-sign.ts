import { sha256Hex } from './canonical-request.js';
import type { SigningAlgorithm } from './constants.js';

/** `ALGORITHM \n hex(SHA-256(canonical request))` (api.md §7.1 step 2). */
export function stringToSign(algorithm: SigningAlgorithm, canonical: string): string {
  return `${algorithm}\n${sha256Hex(canonical)}`;
}
