import { DownloadError } from '../errors.js';
import { safeUrl } from '../redact.js';
import type { HttpGet, RawResponse } from './http-get.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);
/** Headers that carry a credential: never sent on to another host. */
const CREDENTIALS = /^(authorization|proxy-authorization|cookie|x-amz-pay-.*)$/i;

/**
 * GETs a document URL, following at most `maxRedirects` redirects: only to http(s), never from
 * https down to http, and without credential headers once the host changes.
 */
export async function getFollowingRedirects(
  get: HttpGet,
  url: string,
  init: { headers: Record<string, string>; signal: AbortSignal; maxRedirects: number },
): Promise<RawResponse> {
  let current = new URL(url);
  let headers = init.headers;
  for (let hops = 0; ; hops++) {
    const res = await get(current, { headers, signal: init.signal });
    if (!REDIRECTS.has(res.status)) return res;
    res.body.destroy();
    const location = res.header('location');
    const next = location !== undefined && URL.canParse(location, current.href) ? new URL(location, current) : undefined;
    const where = `GET ${safeUrl(url)}`;
    if (!next) throw new DownloadError(`${where}: ${res.status} redirect without a usable Location`);
    if (hops >= init.maxRedirects) throw new DownloadError(`${where}: more than ${init.maxRedirects} redirects (maxRedirects); the last pointed to ${safeUrl(next)}`);
    if (next.protocol !== 'http:' && next.protocol !== 'https:') throw new DownloadError(`${where}: refusing a redirect to a ${next.protocol} URL`);
    if (current.protocol === 'https:' && next.protocol === 'http:') throw new DownloadError(`${where}: refusing a redirect from https to plain http (${safeUrl(next)})`);
    if (next.host !== current.host) headers = Object.fromEntries(Object.entries(headers).filter(([name]) => !CREDENTIALS.test(name)));
    current = next;
  }
}
