/* eslint-disable @typescript-eslint/no-unsafe-member-access -- wire JSON */
import { createHash } from 'node:crypto';
import { get } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { signRequest } from '../../src/signing/index.js';
import { startEmulator, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.close();
  h = undefined;
});

async function firstDocument(harness: Harness): Promise<{ reportDocumentId: string; url: string }> {
  const list = await harness.call('GET', '/live/v2/reports', { query: { pageSize: 1 } });
  const doc = await harness.call('GET', `/live/v2/report-documents/${list.json.reports[0].reportDocumentId}`);
  expect(doc.status).toBe(200);
  return doc.json as { reportDocumentId: string; url: string };
}

/** A signed GET sent with node:http, so the Host header is exactly `host` (fetch sets its own). */
function getWithHost(harness: Harness, path: string, host: string): Promise<{ url: string }> {
  const headers = signRequest({ method: 'GET', path, host: 'pay-api.amazon.com', region: 'na', publicKeyId: harness.publicKeyId, privateKey: harness.privateKey, date: harness.clock.now() });
  return new Promise((resolve, reject) => {
    get(`${harness.emulator.url}${path}`, { headers: { ...headers, host } }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => (text += d.toString()));
      res.on('end', () => resolve(JSON.parse(text) as { url: string }));
    }).on('error', reject);
  });
}

const bytesOf = async (res: Response): Promise<Buffer> => Buffer.from(await res.arrayBuffer());

describe('report document URLs', () => {
  it('serve the file as text/csv; bytes match documentSha256', async () => {
    h = await startEmulator();
    const doc = await firstDocument(h);
    const res = await fetch(doc.url);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    const body = await bytesOf(res);
    expect(Number(res.headers.get('content-length'))).toBe(body.length);
    const { sha256, bytes } = await h.emulator.documentSha256(doc.reportDocumentId);
    expect(bytes).toBe(body.length);
    expect(createHash('sha256').update(body).digest('hex')).toBe(sha256);
    expect(body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    await expect(h.emulator.documentSha256('amzn1.tortuga.3.none.T1')).rejects.toThrow(/no report document/);
  });

  it('are built from the Host the client called, not the bind address; a Host that is not a plain host[:port] is ignored', async () => {
    h = await startEmulator();
    const list = await h.call('GET', '/live/v2/reports', { query: { pageSize: 1 } });
    const path = `/live/v2/report-documents/${list.json.reports[0].reportDocumentId}`;
    const viaName = await getWithHost(h, path, 'pay-api.amazon.com:8443');
    expect(viaName.url).toMatch(/^http:\/\/pay-api\.amazon\.com:8443\/documents\/[A-Za-z0-9_-]+\?X-Amz-Algorithm=/);
    const bracketed = await getWithHost(h, path, '[::1]:8080');
    expect(bracketed.url).toMatch(/^http:\/\/\[::1\]:8080\/documents\//);
    for (const host of ['evil.example/x?', 'a@b', '-x']) {
      const odd = await getWithHost(h, path, host);
      expect(odd.url, host).toMatch(new RegExp(`^${h.emulator.url.replace(/[.]/g, '\\.')}/documents/`));
    }
  });

  it('are unguessable and bound to one document', async () => {
    h = await startEmulator();
    const doc = await firstDocument(h);
    const url = new URL(doc.url);
    expect(url.pathname).not.toContain(doc.reportDocumentId);
    expect(url.pathname).toMatch(/^\/documents\/[A-Za-z0-9_-]{40,}$/);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('30');
    expect(url.searchParams.get('X-Amz-Date')).toBe('20261120T120000Z');

    const tampered = new URL(doc.url);
    tampered.searchParams.set('X-Amz-Expires', '3600');
    const res = await fetch(tampered);
    expect(res.status).toBe(403);
    expect(await res.text()).toContain('<Code>SignatureDoesNotMatch</Code>');

    const guessed = new URL(doc.url);
    guessed.pathname = '/documents/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';
    expect((await fetch(guessed)).status).toBe(403);
    const bare = new URL(doc.url);
    bare.search = '';
    expect((await fetch(bare)).status).toBe(403);
  });

  it('expire after urlTtlSeconds of the injected clock with S3-style 403 XML', async () => {
    h = await startEmulator({ urlTtlSeconds: 30 });
    const doc = await firstDocument(h);
    h.clock.advance(30_000);
    expect((await fetch(doc.url)).status).toBe(200);
    h.clock.advance(1_000);
    const res = await fetch(doc.url);
    expect(res.status).toBe(403);
    expect(res.headers.get('content-type')).toBe('application/xml');
    const xml = await res.text();
    expect(xml).toMatch(/^<\?xml version="1\.0" encoding="UTF-8"\?>\n<Error><Code>AccessDenied<\/Code><Message>Request has expired<\/Message>/);
    expect(xml).toContain('<X-Amz-Expires>30</X-Amz-Expires>');
    expect(xml).toContain('<Expires>2026-11-20T12:00:30Z</Expires>');
    expect(xml).not.toContain('X-Amz-Signature');
    // A fresh getReportDocument gives a working URL again.
    const again = await firstDocument(h);
    expect((await fetch(again.url)).status).toBe(200);
  });

  it('honour the configured TTL', async () => {
    h = await startEmulator({ urlTtlSeconds: 5 });
    const doc = await firstDocument(h);
    expect(new URL(doc.url).searchParams.get('X-Amz-Expires')).toBe('5');
    h.clock.advance(6_000);
    expect((await fetch(doc.url)).status).toBe(403);
  });

  it('support Range: 206 with Content-Range, suffix and open ranges, 416 beyond the end', async () => {
    h = await startEmulator();
    const doc = await firstDocument(h);
    const whole = await bytesOf(await fetch(doc.url));
    const size = whole.length;

    const mid = await fetch(doc.url, { headers: { range: 'bytes=100-199' } });
    expect(mid.status).toBe(206);
    expect(mid.headers.get('content-range')).toBe(`bytes 100-199/${size}`);
    expect(await bytesOf(mid)).toEqual(whole.subarray(100, 200));

    const open = await fetch(doc.url, { headers: { range: `bytes=${size - 10}-` } });
    expect(open.status).toBe(206);
    expect(await bytesOf(open)).toEqual(whole.subarray(size - 10));

    const suffix = await fetch(doc.url, { headers: { range: 'bytes=-25' } });
    expect(suffix.headers.get('content-range')).toBe(`bytes ${size - 25}-${size - 1}/${size}`);
    expect(await bytesOf(suffix)).toEqual(whole.subarray(size - 25));

    const clipped = await fetch(doc.url, { headers: { range: `bytes=0-${size + 1000}` } });
    expect(clipped.status).toBe(206);
    expect(await bytesOf(clipped)).toEqual(whole);

    const beyond = await fetch(doc.url, { headers: { range: `bytes=${size}-` } });
    expect(beyond.status).toBe(416);
    expect(beyond.headers.get('content-range')).toBe(`bytes */${size}`);

    const head = await fetch(doc.url, { method: 'HEAD' });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(size);
  });

  it('stream a big file (rowsPerSettlement) byte-exact, whole and by Range', async () => {
    h = await startEmulator({ days: 1, rowsPerSettlement: 100_000 });
    const doc = await firstDocument(h);
    const { sha256, bytes } = await h.emulator.documentSha256(doc.reportDocumentId);
    expect(bytes).toBeGreaterThan(15_000_000);
    const res = await fetch(doc.url);
    const hash = createHash('sha256');
    let received = 0;
    for await (const chunk of res.body!) {
      hash.update(chunk as Uint8Array);
      received += (chunk as Uint8Array).length;
    }
    expect(received).toBe(bytes);
    expect(hash.digest('hex')).toBe(sha256);
    const tail = await fetch(doc.url, { headers: { range: `bytes=${bytes - 100_000}-` } });
    const tailBytes = await bytesOf(tail);
    expect(tailBytes.length).toBe(100_000);
    expect(tailBytes.toString('utf8')).toMatch(/"Transfer","","","","USD","SellerPayments_DateRangeReport_transfer_accounting_ending_with_trace_id","-\d+\.\d{2}","0","0","0","-\d+\.\d{2}"\n$/);
  });

  it('are not issued for reports still in progress', async () => {
    h = await startEmulator({ reportDelayMs: 60_000 });
    const created = await h.call('POST', '/live/v2/reports', { body: JSON.stringify({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', startTime: '20261115T000000Z', endTime: '20261116T000000Z' }) });
    const view = h.emulator.reports().find((r) => r.reportId === created.json.reportId)!;
    expect(view.processingStatus).toBe('IN_PROGRESS');
    expect(view.reportDocumentId).toBeUndefined();
  });
});
