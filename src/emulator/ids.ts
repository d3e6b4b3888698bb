import { seedBytes } from './prng.js';

// Every id is derived from the seed and what it identifies, never from the wall clock, so the
// same seed yields the same ids; and every id uses only [A-Za-z0-9._-] (api.md §14 pitfall 2).

const ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function chars(alphabet: string, length: number, parts: ReadonlyArray<string | number>): string {
  let out = '';
  let round = 0;
  while (out.length < length) {
    const bytes = seedBytes(...parts, round++);
    for (const byte of bytes) {
      if (out.length === length) break;
      out += alphabet[byte % alphabet.length];
    }
  }
  return out;
}

/** `A08439021T39K6DTX4JS8`-shaped report id (21 upper-case alphanumerics). */
export function reportIdFor(...parts: ReadonlyArray<string | number>): string {
  return `A${chars(ALNUM, 20, ['report', ...parts])}`;
}

/** `amzn1.tortuga.3.<uuid-like hex>.<suffix>` report document id. */
export function reportDocumentIdFor(...parts: ReadonlyArray<string | number>): string {
  const hex = seedBytes('document', ...parts).toString('hex');
  const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
  return `amzn1.tortuga.3.${uuid}.T${chars(ALNUM, 13, ['document-suffix', ...parts])}`;
}

/** Numeric string id of `length` digits, first digit non-zero (schedule, settlement ids). */
export function numericIdFor(length: number, ...parts: ReadonlyArray<string | number>): string {
  return chars('123456789', 1, ['numeric-head', ...parts]) + chars('0123456789', length - 1, ['numeric', ...parts]);
}

/** Upper-case alphanumeric id (seller ids, public key ids, disbursement references). */
export function alnumIdFor(length: number, ...parts: ReadonlyArray<string | number>): string {
  return chars(ALNUM, length, parts);
}

/** Opaque request id for `x-amz-pay-request-id`. */
export function requestIdFor(...parts: ReadonlyArray<string | number>): string {
  const hex = seedBytes('request', ...parts).toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}
