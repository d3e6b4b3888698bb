import type { IncomingMessage, ServerResponse } from 'node:http';
import { formatIso } from '../dates.js';
import { parseRange, streamDocument, streamStored } from './document-bytes.js';
import { send, sendS3Error } from './respond.js';
import type { ServerContext } from './server-context.js';
import { isVisible } from './state.js';

/**
 * A document download, S3-style: the URL's token, date, TTL and signature are checked against the
 * emulator clock, then the file is streamed (whole or one Range) as generated, or from its rendered
 * file with a document cache, possibly broken by a fault.
 */
export async function serveDownload(server: ServerContext, req: IncomingMessage, res: ServerResponse, token: string, query: URLSearchParams, nowDate: Date, requestId: string, head: boolean): Promise<void> {
  const path = `/documents/${token}`;
  const method = head ? 'HEAD' : 'GET';
  const entry = { method, path, operation: 'download' };
  const expired = (expires: Date): void => sendS3Error(res, 403, 'AccessDenied', 'Request has expired', requestId, { 'X-Amz-Expires': String(server.ttlSeconds), Expires: formatIso(expires), ServerTime: formatIso(nowDate) }, head);
  // A URL that is bad anyway is refused before any fault is drawn, so scripted download faults
  // are spent only on downloads that would otherwise have worked.
  const check = server.urls.verify(token, query, nowDate);
  const doc = check.ok ? server.state.documents.get(check.reportDocumentId) : undefined;
  const report = doc ? server.state.report(doc.reportId) : undefined;
  if (!check.ok && check.expires) {
    server.log({ ...entry, status: 403 });
    return expired(check.expires);
  }
  if (!check.ok || !doc || !report || !isVisible(report, nowDate.getTime())) {
    server.log({ ...entry, status: 403 });
    const code = !check.ok ? check.code : 'AccessDenied';
    return sendS3Error(res, 403, code, !check.ok ? check.message : 'Access Denied', requestId, {}, head);
  }
  const fault = server.faults.pick('download', `${doc.reportDocumentId} ${req.headers.range ?? ''}`);
  if (fault && typeof fault.kind === 'number') {
    const status = fault.kind;
    server.log({ ...entry, status, fault: String(status) });
    if (fault.retryAfter !== undefined) res.setHeader('retry-after', fault.retryAfter);
    return sendS3Error(res, status, status === 500 ? 'InternalError' : 'SlowDown', status === 500 ? 'We encountered an internal error. Please try again.' : 'Please reduce your request rate.', requestId, {}, head);
  }
  if (fault?.kind === 'expire') {
    server.log({ ...entry, status: 403, fault: 'expire' });
    return expired(nowDate);
  }
  if (fault?.kind === 'slow') {
    await server.delay(fault.delayMs ?? 10_000);
    if (server.closing.aborted) return;
  }
  const { sha256, bytes, path: stored } = await server.meta(doc);
  const range = parseRange(req.headers.range, bytes);
  const headers: Record<string, string | number> = {
    'content-type': 'text/csv', 'accept-ranges': 'bytes', etag: `"${sha256}"`,
  };
  if (range === 'unsatisfiable') {
    server.log({ ...entry, status: 416 });
    return send(res, 416, { ...headers, 'content-type': 'application/xml', 'content-range': `bytes */${bytes}` }, Buffer.alloc(0));
  }
  const start = range?.start ?? 0;
  const end = range?.end ?? bytes - 1;
  const status = range ? 206 : 200;
  const length = Math.max(0, end - start + 1);
  if (range) headers['content-range'] = `bytes ${start}-${end}/${bytes}`;
  const transport = fault?.kind === 'reset' || fault?.kind === 'truncate' ? fault.kind : undefined;
  server.log({ ...entry, status, ...(fault ? { fault: String(fault.kind) } : {}) });
  res.writeHead(status, { ...headers, 'content-length': length });
  if (head) {
    res.end();
    return;
  }
  const breakAt = transport ? { bytes: Math.floor(length / 2), fault: transport } : undefined;
  if (stored !== undefined && server.documentCache) {
    await streamStored(res, server.documentCache.read(stored, start, breakAt ? start + breakAt.bytes - 1 : end), breakAt?.fault);
    return;
  }
  await streamDocument(res, doc.source, start, end, breakAt);
}
