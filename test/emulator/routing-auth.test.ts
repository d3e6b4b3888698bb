/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- wire JSON */
import { generateKeyPairSync } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import { signedCall, startEmulator, TestClock, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.close();
  h = undefined;
});

const OPS: Array<[string, string, string | undefined]> = [
  ['GET', 'reports', undefined],
  ['GET', 'reports/A00000000000000000000', undefined],
  ['POST', 'reports', JSON.stringify({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', startTime: '20261115T000000Z', endTime: '20261116T000000Z' })],
  ['GET', 'report-documents/amzn1.tortuga.3.none.T1', undefined],
  ['GET', 'report-schedules', undefined],
  ['GET', 'report-schedules/12345678901', undefined],
  ['POST', 'report-schedules', JSON.stringify({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', scheduleFrequency: 'P1D', deleteExistingSchedule: true })],
  ['DELETE', 'report-schedules/12345678901', undefined],
  ['GET', 'disbursements', undefined],
];
const EXPECTED = [200, 404, 201, 404, 200, 404, 201, 404, 200];

describe('routing', () => {
  it('serves all nine operations under /live/v2, with and without a trailing slash', async () => {
    h = await startEmulator();
    for (const slash of ['', '/']) {
      for (const [i, [method, path, body]] of OPS.entries()) {
        const res = await h.call(method, `/live/v2/${path}${slash}`, body === undefined ? {} : { body });
        expect(res.status, `${method} /live/v2/${path}${slash}`).toBe(EXPECTED[i]);
        expect(res.headers.get('content-type')).toBe('application/json');
        expect(res.headers.get('x-amz-pay-request-id')).toMatch(/^[0-9a-f-]{36}$/);
        // The emulator's own (injected) clock, which clients use to correct skew.
        expect(res.headers.get('date')).toBe(h.clock.now().toUTCString());
        if (res.status >= 400) expect(Object.keys(res.json)).toEqual(['message', 'reasonCode']);
      }
    }
    const ops = h.emulator.requests.map((r) => r.operation);
    expect(new Set(ops)).toEqual(new Set(['getReports', 'getReportById', 'createReport', 'getReportDocument', 'getReportSchedules', 'getReportScheduleById', 'createReportSchedule', 'cancelReportSchedule', 'getDisbursements']));
  });

  it('uses the key prefix when the path has no environment segment', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const clock = new TestClock();
    const emulator = await createEmulator({ now: clock.now, days: 3, merchants: [{ publicKeyId: 'LIVE-AB12', publicKey }, { publicKeyId: 'SANDBOX-CD34', publicKey }, { publicKeyId: 'PLAINKEY', publicKey }] });
    try {
      const call = (id: string, method: string, path: string, body?: string) =>
        signedCall(emulator.url, method, path, { publicKeyId: id, privateKey, date: clock.now(), ...(body === undefined ? {} : { body }) });
      const live = await call('LIVE-AB12', 'GET', '/v2/reports');
      expect(live.status).toBe(200);
      expect(live.json.reports).toHaveLength(3);
      const sandbox = await call('SANDBOX-CD34', 'GET', '/v2/reports/');
      expect(sandbox.status).toBe(200);
      expect(sandbox.json.reports).toEqual([]);
      const ruby = await call('LIVE-AB12', 'GET', '/live/v2/reports');
      expect(ruby.status).toBe(200);
      const conflict = await call('LIVE-AB12', 'GET', '/sandbox/v2/reports');
      expect(conflict.status).toBe(400);
      expect(conflict.json.reasonCode).toBe('InvalidRequest');
      const plainSandbox = await call('PLAINKEY', 'GET', '/sandbox/v2/report-schedules/');
      expect(plainSandbox.status).toBe(200);
      const none = await call('PLAINKEY', 'GET', '/v2/reports');
      expect(none.status).toBe(400);
      expect(none.json.reasonCode).toBe('InvalidRequest');
    } finally {
      await emulator.close();
    }
  });

  it('answers 405 with Allow for a wrong method and 404 for an unknown path', async () => {
    h = await startEmulator();
    const wrong = await fetch(`${h.emulator.url}/live/v2/reports/ABC`, { method: 'DELETE' });
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
    expect(wrong.headers.get('x-amz-pay-request-id')).toBeTruthy();
    expect(await wrong.json()).toMatchObject({ reasonCode: 'UnsupportedOperation' });
    const put = await fetch(`${h.emulator.url}/v2/report-schedules`, { method: 'PUT' });
    expect(put.status).toBe(405);
    const unknown = await fetch(`${h.emulator.url}/live/v2/charges`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ reasonCode: 'ResourceNotFound' });
  });
});

describe('listening', () => {
  it('a port in use is a ConfigError naming it', async () => {
    h = await startEmulator();
    const port = new URL(h.emulator.url).port;
    await expect(createEmulator({ port: Number(port), days: 0 })).rejects.toThrow(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port} \\(EADDRINUSE\\)`));
  });
});

describe('authentication', () => {
  it('accepts both signature algorithms', async () => {
    h = await startEmulator();
    for (const algorithm of ['AMZN-PAY-RSASSA-PSS', 'AMZN-PAY-RSASSA-PSS-V2'] as const) {
      const res = await h.call('GET', '/live/v2/reports', { algorithm, query: { pageSize: 2 } });
      expect(res.status).toBe(200);
    }
  });

  it('refuses missing, tampered and foreign signatures with InvalidRequestSignature', async () => {
    h = await startEmulator();
    const missing = await fetch(`${h.emulator.url}/live/v2/reports`);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ reasonCode: 'InvalidRequestSignature' });

    const tampered = await h.call('GET', '/live/v2/reports', { headers: { 'x-amz-pay-region': 'eu' } });
    expect(tampered.status).toBe(401);
    expect(tampered.json.reasonCode).toBe('InvalidRequestSignature');
    expect(tampered.text).not.toMatch(/Signature=/);

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const foreign = await h.call('GET', '/live/v2/reports', { privateKey });
    expect(foreign.status).toBe(401);
    const unknownKey = await h.call('GET', '/live/v2/reports', { publicKeyId: 'NOSUCHKEY' });
    expect(unknownKey.status).toBe(401);
    expect(h.emulator.requests.at(-1)).toMatchObject({ operation: 'getReports', status: 401 });
  });

  it('rejects a future x-amz-pay-date with InvalidHeaderValue, and a stale one', async () => {
    h = await startEmulator();
    const future = await h.call('GET', '/live/v2/reports', { date: new Date(h.clock.now().getTime() + 10 * 60_000) });
    expect(future.status).toBe(400);
    expect(future.json).toEqual({ message: expect.stringContaining('should not be in future'), reasonCode: 'InvalidHeaderValue' });
    const stale = await h.call('GET', '/live/v2/reports', { date: new Date(h.clock.now().getTime() - 60 * 60_000) });
    expect(stale.status).toBe(400);
    expect(stale.json.reasonCode).toBe('InvalidHeaderValue');
  });

  it('registers merchant keys given as PEM text', async () => {
    const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const clock = new TestClock();
    const pem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    const emulator = await createEmulator({ now: clock.now, days: 2, merchants: [{ publicKeyId: 'AKEYFROMPEM', publicKey: { pem }, sellerId: 'A1SELLER' }] });
    try {
      expect(emulator.defaultMerchant).toBeUndefined();
      const res = await signedCall(emulator.url, 'GET', '/live/v2/disbursements', { publicKeyId: 'AKEYFROMPEM', privateKey, date: clock.now() });
      expect(res.status).toBe(200);
      expect(res.json.disbursements[0].sellerId).toBe('A1SELLER');
    } finally {
      await emulator.close();
    }
  });
});
