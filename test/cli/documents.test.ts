import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report, ReportDocument } from '../../src/client/types.js';
import { json, runCli, startEmulator, type EmulatorFixture } from './run-cli.js';

describe('documents get', () => {
  let f: EmulatorFixture;
  let documentId: string;
  beforeAll(async () => {
    f = await startEmulator();
    const reports = json<Report[]>(await runCli(['reports', 'list', '--status', 'COMPLETED', '--limit', '1', '--json', ...f.args], f.env));
    documentId = reports[0]!.reportDocumentId!;
  });
  afterAll(() => f.emulator.close());

  it('prints only the pre-signed URL on stdout, and the URL downloads the document', async () => {
    const r = await runCli(['documents', 'get', documentId, ...f.args], f.env);
    expect(r.code).toBe(0);
    const url = r.stdout.trimEnd();
    expect(r.stdout).toBe(`${url}\n`);
    expect(url.startsWith(`${f.emulator.url}/`)).toBe(true);
    expect(url).toContain('X-Amz-Signature=');
    // The URL is for stdout alone: the stderr note must not carry it.
    expect(r.stderr).not.toContain('X-Amz-Signature');
    expect(r.stderr).toMatch(/valid for about 30 seconds/);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe((await f.emulator.documentSha256(documentId)).bytes);
  });

  it('--json prints the document object', async () => {
    const r = await runCli(['documents', 'get', documentId, '--json', '--quiet', ...f.args], f.env);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const doc = json<ReportDocument>(r);
    expect(doc.reportDocumentId).toBe(documentId);
    expect(doc.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/documents\/\S+\?.*X-Amz-Signature=/);
  });

  it('exits 1 for an unknown document', async () => {
    const r = await runCli(['documents', 'get', 'amzn1.tortuga.3.nope', ...f.args], f.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^amazon-pay-reports: GET \S+ failed: 404/);
  });
});
