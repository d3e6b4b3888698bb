import type { KeyObject } from 'node:crypto';
import { parseTime } from '../dates.js';
import { canonicalRequest, sha256Hex } from './canonical-request.js';
import { parseRawQuery } from './canonical-query.js';
import { isSigningAlgorithm, type SigningAlgorithm } from './constants.js';
import { pssVerify } from './pss.js';
import { stringToSign } from './string-to-sign.js';

export interface ReceivedRequest {
  method: string;
  /** Raw request target as received: path plus `?query`. */
  url: string;
  /** Headers as Node's `http` module delivers them (lower-case names). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Exact body bytes. */
  body: Uint8Array | string;
}

export interface VerifyOptions {
  /** The registered public key for a Public Key ID, or undefined when unknown. */
  publicKeyFor: (publicKeyId: string) => KeyObject | undefined;
  now: Date;
  /** How far `x-amz-pay-date` may run ahead of `now` (default 60 s). */
  maxFutureMs?: number;
  /** How old `x-amz-pay-date` may be (default 15 min). */
  maxAgeMs?: number;
}

export type VerifyResult =
  | { ok: true; publicKeyId: string; algorithm: SigningAlgorithm; date: Date }
  | { ok: false; status: number; reasonCode: string; message: string; publicKeyId?: string };

const AUTH = /^\s*(\S+)\s+PublicKeyId=([^,\s]+)\s*,\s*SignedHeaders=([^,\s]+)\s*,\s*Signature=(\S+)\s*$/;
const REQUIRED = ['x-amz-pay-date', 'x-amz-pay-host', 'x-amz-pay-region'];

/**
 * Verifies a received request the way api.md §7.6 prescribes: canonicalise what was received
 * (raw path with its trailing slash, decoded-then-re-encoded sorted query, the SignedHeaders list
 * verbatim, the exact body bytes), then RSASSA-PSS-verify with the algorithm's salt length, then
 * check that `x-amz-pay-date` is neither in the future nor too old. Used by the emulator.
 */
export function verifyRequest(req: ReceivedRequest, options: VerifyOptions): VerifyResult {
  const auth = header(req.headers, 'authorization');
  if (auth === undefined) return fail(401, 'InvalidRequestSignature', 'The authorization header is missing');
  const m = AUTH.exec(auth);
  if (!m) return fail(401, 'InvalidRequestSignature', 'The authorization header is malformed; expected "<ALGORITHM> PublicKeyId=…, SignedHeaders=…, Signature=…"');
  const [, algorithmName = '', publicKeyId = '', signedHeaders = '', signature = ''] = m;
  if (!isSigningAlgorithm(algorithmName)) return fail(400, 'InvalidHeaderValue', `Unknown signature algorithm ${algorithmName}`);
  const key = options.publicKeyFor(publicKeyId);
  if (!key) return fail(401, 'InvalidRequestSignature', `Unknown PublicKeyId ${publicKeyId}`, publicKeyId);

  const names = signedHeaders.split(';').map((n) => n.toLowerCase());
  const missing = REQUIRED.find((n) => !names.includes(n));
  if (missing) return fail(400, 'MissingHeader', `The signed header ${missing} is required`, publicKeyId);
  const values: Record<string, string> = {};
  for (const name of names) {
    const value = header(req.headers, name);
    if (value === undefined) return fail(400, 'MissingHeader', `The signed header ${name} was not sent`, publicKeyId);
    values[name] = value;
  }

  const q = req.url.indexOf('?');
  const path = q === -1 ? req.url : req.url.slice(0, q);
  const canonical = canonicalRequest({
    method: req.method,
    path,
    query: parseRawQuery(q === -1 ? '' : req.url.slice(q + 1)),
    headers: values,
    signedHeaders,
    payloadHash: sha256Hex(req.body),
  });
  const toSign = stringToSign(algorithmName, canonical);
  if (!pssVerify(algorithmName, key, toSign, signature))
    // The real service echoes the string-to-sign (and the signature, which we leave out).
    return fail(401, 'InvalidRequestSignature', `Unable to verify signature, signing String [${toSign}]`, publicKeyId);

  const rawDate = values['x-amz-pay-date'] ?? '';
  const date = parseTime(rawDate);
  if (!date) return fail(400, 'InvalidHeaderValue', `The value ${rawDate} provided for x-amz-pay-date is invalid`, publicKeyId);
  const skew = date.getTime() - options.now.getTime();
  if (skew > (options.maxFutureMs ?? 60_000))
    return fail(400, 'InvalidHeaderValue', `The value ${rawDate} provided for x-amz-pay-date should not be in future`, publicKeyId);
  if (-skew > (options.maxAgeMs ?? 15 * 60_000))
    return fail(400, 'InvalidHeaderValue', `The value ${rawDate} provided for x-amz-pay-date is too old`, publicKeyId);
  return { ok: true, publicKeyId, algorithm: algorithmName, date };
}

function header(headers: ReceivedRequest['headers'], name: string): string | undefined {
  const v = headers[name];
  return Array.isArray(v) ? v.join(', ') : v;
}

function fail(status: number, reasonCode: string, message: string, publicKeyId?: string): VerifyResult {
  return publicKeyId === undefined ? { ok: false, status, reasonCode, message } : { ok: false, status, reasonCode, message, publicKeyId };
}
