import type { KeyObject } from 'node:crypto';
import { formatCompact } from '../dates.js';
import { canonicalRequest, sha256Hex } from './canonical-request.js';
import { queryPairs, type QueryParams } from './canonical-query.js';
import { BASE_SIGNED_HEADERS, DEFAULT_ALGORITHM, IDEMPOTENCY_HEADER, type SigningAlgorithm } from './constants.js';
import { pssSign } from './pss.js';
import { stringToSign } from './string-to-sign.js';

export interface SignRequestInput {
  method: string;
  /** Path as it will be sent, e.g. `/live/v2/reports`. */
  path: string;
  query?: QueryParams | undefined;
  /** `x-amz-pay-host`: the API host, without port (api.md §2.1). */
  host: string;
  /** `x-amz-pay-region`: `na`, `eu` or `jp`. */
  region: string;
  /** Exact body bytes that will be sent; omit for none. */
  body?: string | undefined;
  idempotencyKey?: string | undefined;
  publicKeyId: string;
  privateKey: KeyObject;
  algorithm?: SigningAlgorithm | undefined;
  /** The signing time; becomes `x-amz-pay-date`. */
  date: Date;
}

/**
 * Signs one request and returns every header to send, `authorization` included. Pure apart from
 * PSS's random salt: same input, same canonical request.
 */
export function signRequest(input: SignRequestInput): Record<string, string> {
  const algorithm = input.algorithm ?? DEFAULT_ALGORITHM;
  const headers: Record<string, string> = {
    accept: 'application/json',
    'content-type': 'application/json',
    'x-amz-pay-date': formatCompact(input.date),
    'x-amz-pay-host': input.host,
    'x-amz-pay-region': input.region,
  };
  const signed: string[] = [...BASE_SIGNED_HEADERS];
  if (input.idempotencyKey !== undefined) {
    headers[IDEMPOTENCY_HEADER] = input.idempotencyKey;
    signed.push(IDEMPOTENCY_HEADER);
  }
  signed.sort();
  const signedHeaders = signed.join(';');
  const canonical = canonicalRequest({
    method: input.method,
    path: input.path,
    query: queryPairs(input.query),
    headers,
    signedHeaders,
    payloadHash: sha256Hex(input.body ?? ''),
  });
  const signature = pssSign(algorithm, input.privateKey, stringToSign(algorithm, canonical));
  headers.authorization = `${algorithm} PublicKeyId=${input.publicKeyId}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return headers;
}
