import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';

// A host name, an IPv4 address or a bracketed IPv6 address, with an optional port: nothing that
// could smuggle a path, a query or another scheme into the URLs built from it.
const HOST_HEADER = /^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252})|\[[0-9A-Fa-f:.]{2,45}\])(?::\d{1,5})?$/;

/**
 * The origin the client used to reach the emulator: the scheme of this connection and its `Host`
 * header, so a client that called `https://pay-api.amazon.com` (a hosts entry pointing at the
 * emulator) also downloads from there. Without a usable Host header, the bind address.
 */
export function requestBaseUrl(req: IncomingMessage, fallback: string): string {
  const host = req.headers.host;
  if (host === undefined || !HOST_HEADER.test(host)) return fallback;
  const scheme = (req.socket as Partial<TLSSocket>).encrypted === true ? 'https' : 'http';
  return `${scheme}://${host}`;
}
