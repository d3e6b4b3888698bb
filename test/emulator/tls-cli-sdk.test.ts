import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { formatCompact } from '../../src/dates.js';
import { startCli } from './start-cli.js';

interface Announce { url: string; publicKeyId: string; privateKeyFile: string | null; caFile: string | null }

// The official Node SDK in its own process, unchanged and with its fixed host
// https://pay-api.amazon.com. The only help it gets is what a user's machine would have: the
// connection goes to the emulator's port (a hosts entry and --port 443 in real life) and the CA
// file is added to trust with NODE_EXTRA_CA_CERTS. TLS verification stays on throughout.
const CHILD = String.raw`
import https from 'node:https';
import { createRequire } from 'node:module';
const require = createRequire(process.cwd() + '/');
const sdkPath = require.resolve('@amazonpay/amazon-pay-api-sdk-nodejs');
const axios = createRequire(sdkPath)('axios');
const { WebStoreClient } = require(sdkPath);
const port = Number(process.env.EMULATOR_PORT);
class ToEmulator extends https.Agent {
  createConnection(options, callback) {
    const lookup = (_h, o, cb) => (o.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4));
    return super.createConnection(options.host === 'pay-api.amazon.com' ? { ...options, port, lookup } : options, callback);
  }
}
const agent = new ToEmulator();
axios.defaults.httpsAgent = agent;
axios.defaults.proxy = false;
const c = new WebStoreClient({ publicKeyId: process.env.PUBLIC_KEY_ID, privateKey: require('node:fs').readFileSync(process.env.PRIVATE_KEY_FILE, 'utf8'), region: 'us', sandbox: false });
const out = {};
try {
  const list = await c.getReports({ reportTypes: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', pageSize: 3 });
  out.listed = list.data.reports.length;
  const first = list.data.reports[0];
  out.byId = (await c.getReportById(first.reportId)).data.reportId === first.reportId;
  const doc = (await c.getReportDocument(first.reportDocumentId)).data;
  out.url = doc.url.replace(/\?.*$/, '');
  out.file = await new Promise((resolve, reject) => https.get(doc.url, { agent }, (res) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (d) => (text += d));
    res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], head: text.slice(0, 40) }));
  }).on('error', reject));
  const body = { reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', startTime: process.env.START, endTime: process.env.END };
  out.created = (await c.createReport(body, { 'x-amz-pay-idempotency-key': 'tls-cli-create-1' })).status;
  const sched = await c.createReportSchedule({ reportType: body.reportType, scheduleFrequency: 'P1D', deleteExistingSchedule: true }, { 'x-amz-pay-idempotency-key': 'tls-cli-schedule-1' });
  out.scheduled = sched.status;
  out.schedules = (await c.getReportSchedules(body.reportType)).data.reportSchedules.length;
  out.scheduleById = (await c.getReportScheduleById(sched.data.reportScheduleId)).data.reportScheduleId === sched.data.reportScheduleId;
  out.cancelled = (await c.cancelReportSchedule(sched.data.reportScheduleId)).status;
} catch (err) {
  out.error = err.code ?? err.message;
}
out.tlsSwitchedOff = process.env.NODE_TLS_REJECT_UNAUTHORIZED !== undefined;
process.stdout.write(JSON.stringify(out));
`;

async function runSdk(announced: Announce, trustCa: boolean): Promise<Record<string, unknown>> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env.NODE_TLS_REJECT_UNAUTHORIZED;
  delete env.NODE_EXTRA_CA_CERTS;
  delete env.HTTPS_PROXY;
  delete env.https_proxy;
  const day = 86_400_000;
  Object.assign(env, {
    EMULATOR_PORT: new URL(announced.url).port, PUBLIC_KEY_ID: announced.publicKeyId, PRIVATE_KEY_FILE: announced.privateKeyFile ?? '',
    START: formatCompact(new Date(Date.now() - 3 * day)), END: formatCompact(new Date(Date.now() - 2 * day)),
    ...(trustCa ? { NODE_EXTRA_CA_CERTS: announced.caFile ?? '' } : {}),
  });
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', CHILD], { env, cwd: process.cwd() });
  return JSON.parse(stdout) as Record<string, unknown>;
}

describe('emulator --tls with the official Node SDK', () => {
  it('serves every report operation over verified HTTPS as pay-api.amazon.com, trusting only the printed CA file', async () => {
    const run = startCli(['emulator', '--tls', '--json', '--days', '5', '--seed', '11']);
    let caFile = '';
    try {
      const announced = JSON.parse(await run.firstLine) as Announce;
      expect(Object.keys(announced)).toEqual(['url', 'publicKeyId', 'privateKeyFile', 'caFile']);
      expect(announced.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      caFile = announced.caFile!;
      const ca = new X509Certificate(readFileSync(caFile, 'utf8'));
      expect(ca.ca).toBe(true);

      const trusted = await runSdk(announced, true);
      expect(trusted).toEqual({
        listed: 3, byId: true, url: expect.stringMatching(/^https:\/\/pay-api\.amazon\.com\/documents\/[A-Za-z0-9_-]+$/) as unknown,
        file: { status: 200, type: 'text/csv', head: expect.stringContaining('"Amazon Payments Advanced",') as unknown },
        created: 201, scheduled: 201, schedules: 1, scheduleById: true, cancelled: 200, tlsSwitchedOff: false,
      });

      // The same process without the CA file is refused by TLS: verification really is on.
      const untrusted = await runSdk(announced, false);
      expect(untrusted.error).toMatch(/CERT|certificate|UNABLE_TO|SELF_SIGNED/i);
    } finally {
      expect((await run.stop()).code).toBe(0);
    }
    expect(existsSync(caFile)).toBe(false); // generated for this run, removed with it
  }, 60_000);
});
