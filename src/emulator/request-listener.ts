import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveApi } from './api-handler.js';
import { serveDownload } from './download-handler.js';
import { requestIdFor } from './ids.js';
import { sendJson } from './respond.js';
import { matchRoute } from './routes.js';
import type { ServerContext } from './server-context.js';

const MAX_BODY = 1024 * 1024;

/** The node:http request listener: ids every response, routes, answers 404/405, then the API or a download. */
export function createRequestListener(server: ServerContext): (req: IncomingMessage, res: ServerResponse) => void {
  let requestCount = 0;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const requestId = requestIdFor(server.seed, requestCount++);
    res.setHeader('x-amz-pay-request-id', requestId);
    const rawUrl = req.url ?? '/';
    const q = rawUrl.indexOf('?');
    const path = q === -1 ? rawUrl : rawUrl.slice(0, q);
    const rawQuery = q === -1 ? '' : rawUrl.slice(q + 1);
    const method = (req.method ?? 'GET').toUpperCase();
    const body = await readBody(req);
    const nowDate = server.now();
    // The emulator's clock, not the host's: clients correct their skew from this header.
    res.setHeader('date', nowDate.toUTCString());
    server.state.advance(nowDate.getTime());
    await server.delay(server.latencyMs);
    if (server.closing.aborted) return;

    const route = matchRoute(method, path);
    if (route.kind === 'not-found') {
      server.log({ method, path, operation: 'unknown', status: 404 });
      return sendJson(res, 404, { reasonCode: 'ResourceNotFound', message: `No operation at ${method} ${path}` });
    }
    if (route.kind === 'method-not-allowed') {
      server.log({ method, path, operation: 'unknown', status: 405 });
      return sendJson(res, 405, { reasonCode: 'UnsupportedOperation', message: `${method} is not allowed here; use ${route.allow.join(' or ')}` }, { allow: route.allow.join(', ') });
    }
    if (route.kind === 'download') return serveDownload(server, req, res, route.token, new URLSearchParams(rawQuery), nowDate, requestId, method === 'HEAD');
    if (body === undefined) {
      server.log({ method, path, operation: route.operation, status: 413 });
      return sendJson(res, 413, { reasonCode: 'InvalidRequest', message: 'The request body is too large' });
    }

    return serveApi(server, req, res, { method, rawUrl, path, rawQuery, body, route, nowDate });
  }

  return (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, { reasonCode: 'InternalServerError', message: 'The emulator failed to handle this request' });
      else res.destroy();
    });
  };
}

/** The whole request body, or undefined past MAX_BODY. */
async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > MAX_BODY) return undefined;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}
