import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Who may talk to the dashboard: the Host names a page may use, and the token when one is set. */
export interface GuardOptions {
  /** `host:port` values accepted in the Host header; `*` (a wildcard bind, where the token guards) accepts any. */
  allowedHosts: ReadonlySet<string>;
  token?: string | undefined;
}

export const TOKEN_COOKIE = 'apr_dashboard_token';

/**
 * Why a request is refused, or undefined when it may pass. A Host header other than the bound
 * host is refused first: that is how a DNS-rebinding page on another name reaches a loopback
 * server. The token may come as `Authorization: Bearer`, the cookie set on the first visit, or
 * `?token=` (the link the CLI prints).
 */
export function refusal(req: IncomingMessage, url: URL, options: GuardOptions): { status: 403 | 401; message: string } | undefined {
  const host = (req.headers.host ?? '').toLowerCase();
  if (!options.allowedHosts.has('*') && !options.allowedHosts.has(host)) return { status: 403, message: 'forbidden: this dashboard answers only to the address it was started on' };
  if (options.token === undefined) return undefined;
  const given = bearer(req) ?? cookie(req, TOKEN_COOKIE) ?? url.searchParams.get('token') ?? '';
  return sameSecret(given, options.token) ? undefined : { status: 401, message: 'unauthorized: open the link with ?token= that the dashboard command printed' };
}

function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
  return m?.[1];
}

/** The value of one cookie from the Cookie header. */
export function cookie(req: IncomingMessage, name: string): string | undefined {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return undefined;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
