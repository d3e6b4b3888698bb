import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Readable } from 'node:stream';

/** One HTTP response as served: status, headers and the body bytes exactly as they came. */
export interface RawResponse {
  status: number;
  statusText: string;
  /** A response header (lower-case name), repeated values joined with `, `. */
  header(name: string): string | undefined;
  body: Readable;
}

/** One GET, no redirects followed, no Content-Encoding decoded. The seam tests inject. */
export type HttpGet = (url: URL, init: { headers: Record<string, string>; signal: AbortSignal }) => Promise<RawResponse>;

/**
 * The default `HttpGet`, on node:http / node:https. Not fetch: fetch decodes Content-Encoding
 * itself, with no limit, and would hand us bytes other than the ones served.
 */
export const httpGet: HttpGet = (url, init) =>
  new Promise((resolve, reject) => {
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const req = send(url, { method: 'GET', headers: init.headers, signal: init.signal }, (res) => {
      resolve({
        status: res.statusCode ?? 0,
        statusText: res.statusMessage ?? '',
        header: (name) => {
          const v = res.headers[name.toLowerCase()];
          return Array.isArray(v) ? v.join(', ') : v;
        },
        body: res,
      });
    });
    req.on('error', reject);
    req.end();
  });
