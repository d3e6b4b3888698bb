import { ConfigError } from '../errors.js';
import type { Region } from './types.js';

/** API hosts per region (api.md §1.1). */
export const REGION_HOSTS: Readonly<Record<Region, string>> = {
  na: 'pay-api.amazon.com',
  eu: 'pay-api.amazon.eu',
  jp: 'pay-api.amazon.jp',
};

// Client-side aliases the official SDKs accept (api.md §1.1); the wire always carries na/eu/jp.
const REGION_ALIASES: Readonly<Record<string, Region>> = { na: 'na', us: 'na', eu: 'eu', de: 'eu', uk: 'eu', jp: 'jp' };

export interface EndpointInput {
  publicKeyId: string;
  region?: string | undefined;
  sandbox?: boolean | undefined;
  endpoint?: string | undefined;
}

export interface ResolvedEndpoint {
  /** Scheme, host, port and any base path of the override; no trailing slash. */
  baseUrl: string;
  /** The `x-amz-pay-host` value: a host name without port. */
  host: string;
  region: Region;
  /** `key` when the Public Key ID itself selects the environment (LIVE…/SANDBOX… prefix). */
  environment: 'live' | 'sandbox' | 'key';
  /** `/live/v2`, `/sandbox/v2` or `/v2`. */
  pathPrefix: string;
}

/** Maps a region name or alias (`us`, `de`, `uk`) to `na`/`eu`/`jp`; ConfigError naming the valid ones otherwise. */
export function resolveRegion(region: string | undefined): Region {
  const r = REGION_ALIASES[(region ?? 'na').trim().toLowerCase()];
  if (!r) throw new ConfigError(`unknown region "${region ?? ''}": use na, eu or jp (aliases us, de, uk)`);
  return r;
}

/**
 * Resolves the base URL, signed host and path prefix. Keys whose upper-cased id starts with LIVE or
 * SANDBOX select their environment themselves and use `/v2` (api.md §1.2); others use
 * `/live/v2` or `/sandbox/v2`.
 */
export function resolveEndpoint(input: EndpointInput): ResolvedEndpoint {
  const region = resolveRegion(input.region);
  const id = input.publicKeyId.toUpperCase();
  const keyed = id.startsWith('LIVE') || id.startsWith('SANDBOX');
  const environment = keyed ? 'key' : input.sandbox ? 'sandbox' : 'live';
  const pathPrefix = keyed ? '/v2' : `/${environment}/v2`;
  if (input.endpoint === undefined || input.endpoint === '')
    return { baseUrl: `https://${REGION_HOSTS[region]}`, host: REGION_HOSTS[region], region, environment, pathPrefix };

  let url: URL;
  try {
    url = new URL(input.endpoint);
  } catch {
    throw new ConfigError(`endpoint "${input.endpoint}" is not a URL: give e.g. http://127.0.0.1:8080`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw new ConfigError(`endpoint "${input.endpoint}" must use http or https`);
  if (url.search || url.hash || url.username || url.password)
    throw new ConfigError(`endpoint "${url.origin}${url.pathname}" must not carry a query, fragment or credentials`);
  const basePath = url.pathname.replace(/\/+$/, '');
  // x-amz-pay-host is a bare host name, as PHP/Java/.NET/Ruby send it (api.md §2.1).
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { baseUrl: `${url.origin}${basePath}`, host, region, environment, pathPrefix };
}
