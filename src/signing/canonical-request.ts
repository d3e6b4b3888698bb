import { createHash } from 'node:crypto';
import { canonicalQuery } from './canonical-query.js';
import { rfc3986 } from './rfc3986.js';

export interface CanonicalRequestInput {
  method: string;
  /** The path as sent, without the query string; a trailing slash is significant. */
  path: string;
  /** Decoded query pairs. */
  query: ReadonlyArray<readonly [string, string]>;
  /** Header values by lower-case name; must contain every signed header. */
  headers: Readonly<Record<string, string>>;
  /** The SignedHeaders list exactly as it appears in the authorization header. */
  signedHeaders: string;
  /** Hex SHA-256 of the exact body bytes. */
  payloadHash: string;
}

/**
 * The canonical request of api.md §7.2:
 * METHOD \n URI \n QUERY \n (name:value\n)* \n SIGNED-HEADERS \n PAYLOAD-HASH
 */
export function canonicalRequest(input: CanonicalRequestInput): string {
  const names = input.signedHeaders.split(';');
  let headerBlock = '';
  for (const name of names) {
    const lower = name.toLowerCase();
    const value = input.headers[lower];
    if (value === undefined) throw new Error(`signed header ${lower} is missing`);
    headerBlock += `${lower}:${value.trim()}\n`;
  }
  return [
    input.method.toUpperCase(),
    canonicalUri(input.path),
    canonicalQuery(input.query),
    headerBlock,
    input.signedHeaders,
    input.payloadHash,
  ].join('\n');
}

/** Collapses repeated slashes and RFC 3986-encodes each segment; keeps a trailing slash. */
export function canonicalUri(path: string): string {
  const collapsed = path.replace(/\/{2,}/g, '/') || '/';
  return collapsed
    .split('/')
    .map((segment) => rfc3986(safeDecode(segment)))
    .join('/');
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function sha256Hex(data: string | Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
