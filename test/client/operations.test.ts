import { generateKeyPairSync } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { createEmulator } from '../../src/emulator/index.js';
import { ConfigError, NotFoundError } from '../../src/errors.js';
import { recordingFetch, startHarness, type Harness } from './helpers/emulator-client.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ days: 10, reportDelayMs: 0 });
});
afterAll(async () => {
  await h.emulator.close();
});

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('every operation against the emulator', () => {
  it('creates a report (201), reads it back, and fetches its document', async () => {
    const client = h.client();
    const { reportId } = await client.createReport({ reportType: 'order-reference', startTime: new Date(Date.now() - 86_400_000), endTime: new Date() });
    const report = await client.getReportById(reportId);
    expect(report).toMatchObject({ reportId, reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_', processingStatus: 'COMPLETED' });
    expect(report.createdTime).toMatch(ISO);
    expect(report.reportDocumentId).toMatch(/\S/);
    const doc = await client.reportDocuments.get(report.reportDocumentId!);
    expect(doc.reportDocumentId).toBe(report.reportDocumentId);
    expect(doc.url.startsWith(`${h.emulator.url}/documents/`)).toBe(true);
    const res = await fetch(doc.url);
    expect(res.status).toBe(200);
    expect((await res.text()).length).toBeGreaterThan(0);
  });

  it('creates, reads, lists and cancels a schedule', async () => {
    const client = h.client();
    const next = new Date(Date.now() + 3_600_000);
    const { reportScheduleId } = await client.createReportSchedule({ reportType: 'refund', scheduleFrequency: 'P7D', nextReportCreationTime: next, deleteExistingSchedule: true });
    const schedule = await client.getReportScheduleById(reportScheduleId);
    expect(schedule).toMatchObject({ reportScheduleId, reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', scheduleFrequency: 'P7D' });
    expect(schedule.nextReportCreationTime).toMatch(ISO);
    expect((await client.getReportSchedules({ reportTypes: ['refund'] })).map((s) => s.reportScheduleId)).toEqual([reportScheduleId]);
    await expect(client.cancelReportSchedule(reportScheduleId)).resolves.toBeUndefined();
    await expect(client.getReportScheduleById(reportScheduleId)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('lists disbursements through the flat alias', async () => {
    const seen = [];
    for await (const d of h.client().getDisbursements({ startTime: new Date(Date.now() - 30 * 86_400_000) })) seen.push(d);
    expect(seen.length).toBeGreaterThan(0);
    for (const d of seen) {
      expect(d.settlementId).toMatch(/\S/);
      expect(d.amount).toMatch(/^-?\d+(\.\d+)?$/);
      expect(d.currencyCode).toMatch(/^[A-Z]{3}$/);
    }
  });

  it('rejects unsafe ids before any request', async () => {
    const from = h.emulator.requests.length;
    const client = h.client();
    await expect(client.getReportById('../report-schedules')).rejects.toBeInstanceOf(ConfigError);
    await expect(client.getReportDocument('a/b')).rejects.toThrow(/reportDocumentId "a\/b" is not a valid id/);
    await expect(client.cancelReportSchedule('x?y=1')).rejects.toBeInstanceOf(ConfigError);
    await expect(client.createReport({ reportType: 'refund', startTime: 'soon', endTime: '2026-01-01' })).rejects.toBeInstanceOf(ConfigError);
    await expect(client.createReport({ reportType: 'refund', startTime: '2026-01-01', endTime: '2026-01-02' }, { idempotencyKey: '123e4567-e89b-12d3-a456-426614174000' })).rejects.toThrow(/idempotency key must be 1-32 characters/);
    expect(h.emulator.requests.length).toBe(from);
  });

  it('sends the headers the API expects, and only POSTs carry an idempotency key', async () => {
    const { fetch, sent } = recordingFetch();
    const client = h.client({ fetch });
    await client.getReportSchedules();
    await client.createReport({ reportType: 'refund', startTime: '2026-10-01', endTime: '2026-10-02' });
    const [get, post] = sent;
    expect(get!.headers).toMatchObject({ accept: 'application/json', 'content-type': 'application/json', 'x-amz-pay-host': '127.0.0.1', 'x-amz-pay-region': 'na' });
    expect(get!.headers['x-amz-pay-date']).toMatch(/^\d{8}T\d{6}Z$/);
    expect(get!.headers.authorization).toMatch(new RegExp(`^AMZN-PAY-RSASSA-PSS-V2 PublicKeyId=${h.publicKeyId}, SignedHeaders=accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-region, Signature=\\S+$`));
    expect(get!.headers['x-amz-pay-idempotency-key']).toBeUndefined();
    expect(post!.headers.authorization).toMatch(/SignedHeaders=accept;content-type;x-amz-pay-date;x-amz-pay-host;x-amz-pay-idempotency-key;x-amz-pay-region,/);
    expect(JSON.parse(post!.body!)).toEqual({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', startTime: '20261001T000000Z', endTime: '20261002T000000Z' });
  });

  it('uses /sandbox/v2 for a bare key with sandbox on, and /v2 for a SANDBOX-prefixed key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const emulator = await createEmulator({ seed: 3, days: 1, merchants: [{ publicKeyId: 'SANDBOX-TESTKEY1', publicKey }, { publicKeyId: 'BAREKEY1', publicKey }] });
    try {
      const { fetch, sent } = recordingFetch();
      const keyed = createClient({ publicKeyId: 'SANDBOX-TESTKEY1', privateKey, endpoint: emulator.url, region: 'uk', fetch, algorithm: 'AMZN-PAY-RSASSA-PSS' });
      const bare = createClient({ publicKeyId: 'BAREKEY1', privateKey, endpoint: emulator.url, sandbox: true, fetch });
      expect(keyed.info).toEqual({ baseUrl: emulator.url, region: 'eu', environment: 'key', algorithm: 'AMZN-PAY-RSASSA-PSS', publicKeyId: 'SANDBOX-TESTKEY1' });
      await keyed.getReportSchedules();
      await bare.getReportSchedules();
      expect(sent.map((s) => s.url.pathname)).toEqual(['/v2/report-schedules', '/sandbox/v2/report-schedules']);
      expect(sent[0]!.headers['x-amz-pay-region']).toBe('eu');
      expect(emulator.requests.map((r) => r.status)).toEqual([200, 200]);
    } finally {
      await emulator.close();
    }
  });
});

describe('createClient configuration errors', () => {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  it.each([
    [{ publicKeyId: '' }, /missing Public Key ID/],
    [{ publicKeyId: 'K', region: 'mars' }, /unknown region "mars": use na, eu or jp/],
    [{ publicKeyId: 'K', algorithm: 'RSA' as never }, /unknown algorithm "RSA"/],
    [{ publicKeyId: 'K', timeoutMs: 0 }, /timeoutMs must be a positive number/],
    [{ publicKeyId: 'K', endpoint: 'localhost:8080' }, /endpoint "localhost:8080" must use http or https/],
    [{ publicKeyId: 'K', privateKey: { file: '/nonexistent/key.pem' } }, /cannot read the private key file \/nonexistent\/key\.pem \(ENOENT\)/],
    [{ publicKeyId: 'K', privateKey: { pem: 'not a key' } }, /is not a PEM private key/],
  ])('%j → ConfigError', (overrides, message) => {
    expect(() => createClient({ privateKey, ...overrides })).toThrow(ConfigError);
    expect(() => createClient({ privateKey, ...overrides })).toThrow(message);
  });
});
