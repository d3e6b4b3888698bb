import { rfc3986 } from './rfc3986.js';

export type QueryParams = Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>;

/** Query parameters as ordered pairs; `undefined` values are dropped, arrays become repeated keys. */
export function queryPairs(params: QueryParams | undefined): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (const [name, value] of Object.entries(params ?? {})) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value as readonly string[]) pairs.push([name, v]);
    else pairs.push([name, String(value)]);
  }
  return pairs;
}

/**
 * The canonical query string: names and values RFC 3986-encoded, sorted by name then value
 * (ordinal), joined with `&`. Empty when there are no parameters.
 */
export function canonicalQuery(pairs: ReadonlyArray<readonly [string, string]>): string {
  return pairs
    .map(([n, v]) => [rfc3986(n), rfc3986(v)] as const)
    .sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
    .map(([n, v]) => `${n}=${v}`)
    .join('&');
}

/**
 * Parses a raw query string as received on the wire into decoded pairs. `+` is kept as a literal
 * plus (api.md §7.6 step 4); malformed escapes are kept verbatim rather than rejected.
 */
export function parseRawQuery(raw: string): Array<[string, string]> {
  if (raw.startsWith('?')) raw = raw.slice(1);
  if (raw === '') return [];
  return raw.split('&').filter((part) => part !== '').map((part) => {
    const eq = part.indexOf('=');
    const name = eq === -1 ? part : part.slice(0, eq);
    const value = eq === -1 ? '' : part.slice(eq + 1);
    return [safeDecode(name), safeDecode(value)];
  });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
