import type { ServerResponse } from 'node:http';
import { sortedJson } from './sorted-json.js';

/** How a response should misbehave once its status and body are known. */
export type TransportFault = 'reset' | 'truncate' | undefined;

/**
 * Writes a complete response, or a broken one: `reset` sends the head and part of the body then
 * resets the connection; `truncate` announces the full Content-Length, sends part of the body and
 * closes the connection cleanly.
 */
export function send(res: ServerResponse, status: number, headers: Record<string, string | number>, body: Buffer, fault: TransportFault = undefined, head = false): void {
  res.writeHead(status, { ...headers, 'content-length': body.length });
  if (head) {
    res.end();
    return;
  }
  if (!fault) {
    res.end(body);
    return;
  }
  breakAfter(res, body.subarray(0, Math.floor(body.length / 2)), fault);
}

/** Sends `part` then breaks the connection the way `fault` says. */
export function breakAfter(res: ServerResponse, part: Buffer, fault: 'reset' | 'truncate'): void {
  const socket = res.socket;
  res.write(part, () => {
    if (!socket) return;
    if (fault === 'reset' && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
    else if (fault === 'reset') socket.destroy();
    else socket.end();
  });
}

/** Writes a chunk; resolves once the response can take more, or has closed. */
export async function writeChunk(res: ServerResponse, chunk: Buffer): Promise<void> {
  if (res.write(chunk)) return;
  await new Promise<void>((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

/** A JSON API answer: `content-type: application/json`, keys sorted, nulls omitted. */
export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string | number> = {}, fault: TransportFault = undefined): void {
  send(res, status, { 'content-type': 'application/json', ...extra }, Buffer.from(sortedJson(body)), fault);
}

/** An S3-style XML error (document downloads). */
export function sendS3Error(res: ServerResponse, status: number, code: string, message: string, requestId: string, extra: Record<string, string> = {}, head = false): void {
  const fields = Object.entries(extra).map(([k, v]) => `<${k}>${escapeXml(v)}</${k}>`).join('');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${code}</Code><Message>${escapeXml(message)}</Message>${fields}<RequestId>${requestId}</RequestId><HostId>emulator</HostId></Error>`;
  send(res, status, { 'content-type': 'application/xml' }, Buffer.from(xml), undefined, head);
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
