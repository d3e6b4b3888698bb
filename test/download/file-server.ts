import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Client, Report } from '../../src/client/types.js';
import { NotFoundError } from '../../src/errors.js';

/** What the test server does with one request. */
export type Fault = 'ok' | 'expire' | 'truncate' | 'reset' | 500;

/** A tiny document host for bodies the emulator does not serve (gzip, zip); Range when `ranges`. */
export interface FileServer {
  readonly url: string;
  /** Each request's Range header and the status answered. */
  readonly hits: { range: string | undefined; status: number }[];
  /** Faults for the next requests, in order; then `ok`. */
  readonly faults: Fault[];
  close(): Promise<void>;
}

export async function startFileServer(body: Buffer, options: { ranges?: boolean } = {}): Promise<FileServer> {
  const hits: FileServer['hits'] = [];
  const faults: Fault[] = [];
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const fault = faults.shift() ?? 'ok';
    const range = req.headers.range;
    if (fault === 'expire') {
      hits.push({ range, status: 403 });
      res.writeHead(403, { 'content-type': 'application/xml' });
      res.end('<?xml version="1.0"?><Error><Code>AccessDenied</Code><Message>Request has expired</Message></Error>');
      return;
    }
    if (fault === 500) {
      hits.push({ range, status: 500 });
      res.writeHead(500).end('oops');
      return;
    }
    const m = options.ranges && range ? /^bytes=(\d+)-$/.exec(range) : null;
    const start = m ? Number(m[1]) : 0;
    const slice = body.subarray(start);
    const status = m ? 206 : 200;
    hits.push({ range, status });
    const headers: Record<string, string | number> = { 'content-type': 'application/octet-stream', 'content-length': slice.length };
    if (options.ranges) headers['accept-ranges'] = 'bytes';
    if (m) headers['content-range'] = `bytes ${start}-${body.length - 1}/${body.length}`;
    res.writeHead(status, headers);
    if (fault === 'truncate' || fault === 'reset') {
      // Send part of the body, then drop the connection.
      res.write(slice.subarray(0, Math.floor(slice.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.end(slice);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    faults,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A Client whose only working parts are reports.get and reportDocuments.get, pointing at `server`. */
export function fakeClient(server: Pick<FileServer, 'url'>, reports: Report[]): Client & { minted: number } {
  let minted = 0;
  const client = {
    get minted() {
      return minted;
    },
    reports: {
      get: (reportId: string) => {
        const found = reports.find((r) => r.reportId === reportId);
        if (found) return Promise.resolve(found);
        return Promise.reject(NotFoundError.from('not found', { status: 404, operation: 'GET /v2/reports/{reportId}', reasonCode: 'ResourceNotFound' }));
      },
    },
    reportDocuments: {
      get: (reportDocumentId: string) => {
        minted++;
        return Promise.resolve({ reportDocumentId, url: `${server.url}/documents/${reportDocumentId}?X-Amz-Signature=sekret${minted}`, compressionAlgorithm: 'N/A' });
      },
    },
  };
  return client as unknown as Client & { minted: number };
}
