import { generateKeyPairSync } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { createClient } from '../../src/client/create-client.js';
import type { Client, ClientOptions } from '../../src/client/types.js';

/** A local server on 127.0.0.1, port 0, that misbehaves however its handler says. */
export interface HostileServer {
  readonly url: string;
  /** What each request carried, in order. */
  readonly requests: { method: string; path: string; headers: IncomingHttpHeaders }[];
  close(): Promise<void>;
}

export async function startHostileServer(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<HostileServer> {
  const requests: HostileServer['requests'] = [];
  const server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * Writes `chunk` again and again, honouring backpressure, until `limit` bytes went out or the
 * client hung up: an endless body, with a safety stop so a client without caps cannot run the
 * machine out of memory (it fails the test's memory bound instead).
 */
export function pump(res: ServerResponse, chunk: Buffer, limit: number, tail?: Buffer): void {
  let sent = 0;
  const go = (): void => {
    while (sent < limit && !res.destroyed) {
      sent += chunk.length;
      if (!res.write(chunk)) {
        res.once('drain', go);
        return;
      }
    }
    if (!res.destroyed) res.end(tail);
  };
  go();
}

/** Concatenated gzip members inflate to their concatenation: `copies` × `block` zero bytes from a few KiB each. */
export function gzipBomb(copies: number, block = Buffer.alloc(16 * 1024 * 1024)): { member: Buffer; copies: number; inflated: number } {
  return { member: gzipSync(block, { level: 9 }), copies, inflated: copies * block.length };
}

const keys = generateKeyPairSync('rsa', { modulusLength: 2048 });
const pem = keys.privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();

/** A real client pointed at `server`; the key is a throwaway, the server checks nothing. */
export function clientFor(server: HostileServer, overrides: Partial<ClientOptions> = {}): Client {
  return createClient({ publicKeyId: 'LIVE-AHOSTILETESTKEY', privateKey: { pem }, endpoint: server.url, retry: { retries: 1, baseDelayMs: 1, maxDelayMs: 1 }, ...overrides });
}
