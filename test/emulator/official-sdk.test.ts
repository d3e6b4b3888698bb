/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-assignment -- wire JSON from an untyped SDK */
import { get, type Agent } from 'node:https';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator, createLocalCertificates } from '../../src/emulator/index.js';
import type { Emulator } from '../../src/emulator/types.js';
import { apiHostAgent } from './api-host-agent.js';

// The official Amazon Pay Node SDK, unchanged — its own signing and HTTP stack (axios) and its
// fixed host https://pay-api.amazon.com — against the emulator over verified TLS. No
// overrideServiceUrl: given one, the SDK turns TLS verification off process-wide. Instead the
// connection is sent to the emulator's port (as a hosts entry would) and the emulator's CA is the
// only one trusted. The SDK signs with the real wall clock, so the emulator runs on it too.
const require = createRequire(import.meta.url);
const sdkAxios = createRequire(require.resolve('@amazonpay/amazon-pay-api-sdk-nodejs'))('axios') as { defaults: { httpsAgent?: Agent; proxy?: false } };

interface SdkResponse { status: number; data: any } // eslint-disable-line @typescript-eslint/no-explicit-any -- SDK is untyped JS
interface SdkError { status?: number; response?: { status: number; data: unknown } }
interface WebStoreClient {
  getReports(query?: Record<string, unknown> | null, headers?: Record<string, string> | null): Promise<SdkResponse>;
  getReportById(id: string): Promise<SdkResponse>;
  getReportDocument(id: string): Promise<SdkResponse>;
  createReport(body: unknown, headers?: Record<string, string>): Promise<SdkResponse>;
  createReportSchedule(body: unknown, headers?: Record<string, string>): Promise<SdkResponse>;
  getReportSchedules(reportTypes?: string | null): Promise<SdkResponse>;
  getReportScheduleById(id: string): Promise<SdkResponse>;
  cancelReportSchedule(id: string): Promise<SdkResponse>;
}
const sdk = require('@amazonpay/amazon-pay-api-sdk-nodejs') as { WebStoreClient: new (config: Record<string, unknown>) => WebStoreClient };

const REPORT_KEYS = ['createdTime', 'endTime', 'processingEndTime', 'processingStartTime', 'processingStatus', 'reportDocumentId', 'reportId', 'reportType', 'startTime'];
const SCHEDULE_KEYS = ['nextReportCreationTime', 'reportScheduleId', 'reportType', 'scheduleFrequency'];
const REFUND = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_';

let emulator: Emulator;
let agent: Agent;

function client(algorithm: string): WebStoreClient {
  const merchant = emulator.defaultMerchant!;
  return new sdk.WebStoreClient({ publicKeyId: merchant.publicKeyId, privateKey: merchant.privateKeyPem, region: 'us', sandbox: false, algorithm });
}

function download(url: string): Promise<{ status: number; type: string | undefined; body: Buffer }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, type: res.headers['content-type'], body: Buffer.concat(chunks) }));
    }).on('error', reject);
  });
}

beforeAll(async () => {
  const certificates = await createLocalCertificates();
  emulator = await createEmulator({ seed: 7, days: 12, tls: { key: certificates.key, cert: certificates.cert } });
  agent = apiHostAgent(Number(new URL(emulator.url).port), { ca: certificates.caCert });
  sdkAxios.defaults.httpsAgent = agent;
  sdkAxios.defaults.proxy = false;
});

afterAll(async () => {
  delete sdkAxios.defaults.httpsAgent;
  delete sdkAxios.defaults.proxy;
  agent.destroy();
  await emulator.close();
  expect(process.env.NODE_TLS_REJECT_UNAUTHORIZED).toBeUndefined(); // verification was never switched off
});

describe.each(['AMZN-PAY-RSASSA-PSS-V2', 'AMZN-PAY-RSASSA-PSS'])('official Node SDK with %s', (algorithm) => {
  it('lists reports, gets one by id and its document', async () => {
    const c = client(algorithm);
    expect(emulator.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/); // bound there; the SDK calls https://pay-api.amazon.com
    const list = await c.getReports({ pageSize: 5, reportTypes: ['_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_'] });
    expect(list.status).toBe(200);
    expect(list.data.reports).toHaveLength(5);
    expect(typeof list.data.nextToken).toBe('string');
    for (const r of list.data.reports) expect(Object.keys(r)).toEqual(REPORT_KEYS);

    const next = await c.getReports({ nextToken: list.data.nextToken });
    expect(next.status).toBe(200);
    expect(next.data.reports[0].reportId).not.toBe(list.data.reports[0].reportId);

    const first = list.data.reports[0];
    const byId = await c.getReportById(first.reportId);
    expect(byId.status).toBe(200);
    expect(byId.data).toEqual(first);

    const doc = await c.getReportDocument(first.reportDocumentId);
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.data)).toEqual(['compressionAlgorithm', 'reportDocumentId', 'url']);
    expect(doc.data.compressionAlgorithm).toBe('N/A');
    expect(doc.data.reportDocumentId).toBe(first.reportDocumentId);
    // Built from the Host the SDK called, so the download goes where the API call went.
    expect(doc.data.url).toMatch(/^https:\/\/pay-api\.amazon\.com\/documents\//);
    const file = await download(doc.data.url as string);
    expect(file.status).toBe(200);
    expect(file.body.subarray(0, 3)).toEqual(Buffer.from([0xef, 0xbb, 0xbf]));
    expect(file.body.toString('utf8')).toContain('"Settlement Report",');
  });

  it('creates a report with an idempotency key (201) and replays it', async () => {
    const c = client(algorithm);
    const body = { reportType: REFUND, startTime: '20261101T000000Z', endTime: '20261102T000000Z' };
    const key = `sdk-create-${algorithm.length}`;
    const created = await c.createReport(body, { 'x-amz-pay-idempotency-key': key });
    expect(created.status).toBe(201);
    expect(Object.keys(created.data)).toEqual(['reportId']);
    const again = await c.createReport(body, { 'x-amz-pay-idempotency-key': key });
    expect(again.status).toBe(201);
    expect(again.data.reportId).toBe(created.data.reportId);
    const report = await c.getReportById(created.data.reportId);
    expect(report.data.processingStatus).toBe('IN_PROGRESS');
  });

  it('creates, lists, gets and cancels a report schedule', async () => {
    const c = client(algorithm);
    const created = await c.createReportSchedule(
      { reportType: REFUND, scheduleFrequency: 'PT84H', nextReportCreationTime: '20991114T074550Z', deleteExistingSchedule: true },
      { 'x-amz-pay-idempotency-key': `sched${algorithm.length}` },
    );
    expect(created.status).toBe(201);
    const id = created.data.reportScheduleId as string;
    expect(id).toMatch(/^[A-Za-z0-9._-]+$/);

    const list = await c.getReportSchedules(REFUND);
    expect(list.status).toBe(200);
    expect(list.data.reportSchedules).toHaveLength(1);
    expect(Object.keys(list.data.reportSchedules[0])).toEqual(SCHEDULE_KEYS);

    const one = await c.getReportScheduleById(id);
    expect(one.data).toEqual({ nextReportCreationTime: '20991114T074550Z', reportScheduleId: id, reportType: REFUND, scheduleFrequency: 'PT84H' });

    const cancelled = await c.cancelReportSchedule(id);
    expect(cancelled.status).toBe(200);
    expect(cancelled.data).toEqual({});
    const after = await c.getReportSchedules();
    expect(after.data.reportSchedules).toEqual([]);
  });

  it('rejects what the API rejects, as errors the SDK surfaces', async () => {
    const c = client(algorithm);
    const err = (await c.createReport({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', startTime: '20261101T000000Z', endTime: '20261102T000000Z' })
      .then(() => undefined, (e: unknown) => e)) as SdkError;
    expect(err.response?.status).toBe(400);
    expect(err.response?.data).toMatchObject({ reasonCode: 'InvalidParameterValue' });
  });
});

it('a wrong key is refused with InvalidRequestSignature', async () => {
  const other = await createEmulator({ days: 1 });
  try {
    const c = new sdk.WebStoreClient({ publicKeyId: emulator.defaultMerchant!.publicKeyId, privateKey: other.defaultMerchant!.privateKeyPem, region: 'us', sandbox: false });
    const err = (await c.getReports().then(() => undefined, (e: unknown) => e)) as SdkError;
    expect(err.response?.status).toBe(401);
    expect(err.response?.data).toMatchObject({ reasonCode: 'InvalidRequestSignature' });
  } finally {
    await other.close();
  }
});
