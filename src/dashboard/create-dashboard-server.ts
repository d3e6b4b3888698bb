import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Store } from '../store/store.js';
import { isLoopback } from './is-loopback.js';
import { apiRoute } from './api-routes.js';
import { refusal, TOKEN_COOKIE } from './request-guard.js';
import { SECURITY_HEADERS } from './security-headers.js';
import { defaultAssetsDir, staticAssets } from './static-assets.js';

/** How to run the dashboard: the store it reads, where it listens, and the token a non-loopback bind needs. */
export interface DashboardOptions {
  store: Store;
  host?: string;
  port?: number;
  token?: string | undefined;
  /** The built page (default: the package's own). */
  assetsDir?: string;
}

export interface DashboardServer {
  /** `http://HOST:PORT/`. */
  url: string;
  close(): Promise<void>;
}

/** Serves the page and its JSON API over the store until closed. Only GET and HEAD; everything else is 405. */
export async function createDashboardServer(options: DashboardOptions): Promise<DashboardServer> {
  const host = options.host ?? '127.0.0.1';
  const assets = staticAssets(options.assetsDir ?? defaultAssetsDir());
  const allowedHosts = new Set<string>();
  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      // The message may name a path in the store, never a secret; the stack stays here.
      send(res, 500, 'application/json', JSON.stringify({ error: err instanceof Error ? err.message : String(err) }));
    });
  });
  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://dashboard.invalid');
    const refused = refusal(req, url, { allowedHosts, token: options.token });
    if (refused) return send(res, refused.status, 'text/plain; charset=utf-8', `${refused.message}\n`);
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, 'text/plain; charset=utf-8', 'only GET\n', { allow: 'GET, HEAD' });
    const api = await apiRoute(options.store, url);
    if (api) return send(res, api.status, 'application/json', JSON.stringify(api.body));
    const asset = await assets(url.pathname);
    if (!asset) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
    // The token given in the link becomes a cookie, so the page's own requests carry it.
    const extra: Record<string, string> = options.token !== undefined && url.pathname === '/'
      ? { 'set-cookie': `${TOKEN_COOKIE}=${options.token}; HttpOnly; SameSite=Strict; Path=/` } : {};
    send(res, 200, asset.type, req.method === 'HEAD' ? '' : asset.body, extra);
  };

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 8377, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  allowedHosts.add(`${shown}:${port}`.toLowerCase());
  if (host === '0.0.0.0' || host === '::') allowedHosts.add('*');
  if (isLoopback(host)) for (const h of ['localhost', '127.0.0.1', '[::1]']) allowedHosts.add(`${h}:${port}`);
  return {
    url: `http://${shown}:${port}/`,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

function send(res: ServerResponse, status: number, type: string, body: string | Buffer, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...SECURITY_HEADERS, 'content-type': type, ...extra });
  res.end(body);
}
