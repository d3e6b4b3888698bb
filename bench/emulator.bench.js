// Emulator throughput: signed getReports per second and document download MB/s, each against a
// baseline in this same script (a bare node:http server answering the same bytes without
// verifying, generating or logging anything), so the ratio is what to read.
// Run: npm run bench:emulator   (builds first). Env: BENCH_REQUESTS, BENCH_ROWS, BENCH_DOWNLOADS.
import { createPrivateKey } from 'node:crypto';
import { Agent, createServer, request } from 'node:http';
import { createEmulator, settlementFile } from '../dist/emulator/index.js';
import { signRequest } from '../dist/signing/index.js';

const REQUESTS = Number(process.env.BENCH_REQUESTS ?? 2000);
const CONCURRENCY = 16;
const ROWS = Number(process.env.BENCH_ROWS ?? 200_000);
const DOWNLOADS = Number(process.env.BENCH_DOWNLOADS ?? 5);

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

/** One GET; resolves with status and body length (body drained, not kept). */
function get(url, headers = {}) {
  return new Promise((resolve, reject) => {
    const req = request(url, { agent, headers }, (res) => {
      let bytes = 0;
      res.on('data', (c) => (bytes += c.length));
      res.on('end', () => resolve({ status: res.statusCode, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** Runs `jobs` with CONCURRENCY in flight; returns seconds taken. */
async function timed(jobs) {
  let next = 0;
  const started = process.hrtime.bigint();
  await Promise.all(Array.from({ length: CONCURRENCY }, async () => {
    while (next < jobs.length) {
      const job = jobs[next++];
      const res = await job();
      if (res.status !== 200) throw new Error(`unexpected status ${res.status}`);
    }
  }));
  return Number(process.hrtime.bigint() - started) / 1e9;
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
}

async function main() {
  const emulator = await createEmulator({ seed: 1, days: 90, urlTtlSeconds: 3600 });
  const merchant = emulator.defaultMerchant;
  const privateKey = createPrivateKey(merchant.privateKeyPem);
  const path = '/live/v2/reports';
  const query = { pageSize: 10 };

  // Signing is the client's cost, not the emulator's: sign every request up front (valid 15 min).
  const signed = Array.from({ length: REQUESTS }, () =>
    signRequest({ method: 'GET', path, query, host: 'pay-api.amazon.com', region: 'na', publicKeyId: merchant.publicKeyId, privateKey, date: new Date() }));
  const first = await get(`${emulator.url}${path}?pageSize=10`, signed[0]);
  const sample = await new Promise((resolve) => {
    request(`${emulator.url}${path}?pageSize=10`, { headers: signed[1] }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve(Buffer.concat(chunks)));
    }).end();
  });
  if (first.status !== 200) throw new Error(`getReports answered ${first.status}`);

  const bare = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': sample.length, 'x-amz-pay-request-id': 'x' });
    res.end(sample);
  });
  const bareUrl = await listen(bare);

  const emuSeconds = await timed(signed.map((headers) => () => get(`${emulator.url}${path}?pageSize=10`, headers)));
  const bareSeconds = await timed(signed.map((headers) => () => get(`${bareUrl}${path}?pageSize=10`, headers)));
  const emuRps = REQUESTS / emuSeconds;
  const bareRps = REQUESTS / bareSeconds;

  // Downloads: one big settlement (ROWS rows), streamed as generated, against the same bytes from memory.
  await emulator.close();
  const big = await createEmulator({ seed: 1, days: 1, rowsPerSettlement: ROWS, urlTtlSeconds: 3600 });
  const bigKey = createPrivateKey(big.defaultMerchant.privateKeyPem);
  const sign = (p) => signRequest({ method: 'GET', path: p, host: 'pay-api.amazon.com', region: 'na', publicKeyId: big.defaultMerchant.publicKeyId, privateKey: bigKey, date: new Date() });
  const [report] = big.reports();
  const docRes = await new Promise((resolve) => {
    const p = `/live/v2/report-documents/${report.reportDocumentId}`;
    request(`${big.url}${p}`, { headers: sign(p) }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve(JSON.parse(text)));
    }).end();
  });
  const { bytes } = await big.documentSha256(report.reportDocumentId); // warm: size is measured once per document
  const spec = { seed: 1, sellerId: 'x', settlementId: '1', start: new Date(0), end: new Date(86_400_000), rows: ROWS };
  const inMemory = Buffer.from([...settlementFile(spec)].join(''));
  const bareFiles = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/csv', 'content-length': inMemory.length });
    res.end(inMemory);
  });
  const bareFilesUrl = await listen(bareFiles);
  const downloads = (url) => Array.from({ length: DOWNLOADS }, () => () => get(url));
  const emuDl = await timedSerial(downloads(docRes.url));
  const bareDl = await timedSerial(downloads(bareFilesUrl));
  const emuMBs = (bytes * DOWNLOADS) / 1e6 / emuDl;
  const bareMBs = (inMemory.length * DOWNLOADS) / 1e6 / bareDl;

  await big.close();
  bare.close();
  bareFiles.close();
  agent.destroy();

  const row = (name, value, base, unit) => `${name.padEnd(34)}${value.toFixed(0).padStart(9)} ${unit.padEnd(6)}baseline ${base.toFixed(0).padStart(9)} ${unit.padEnd(6)}ratio ${(value / base).toFixed(2)}`;
  console.log(`node ${process.version}, ${REQUESTS} signed getReports (pageSize 10, ${CONCURRENCY} in flight), ${DOWNLOADS} downloads of a ${(bytes / 1e6).toFixed(1)} MB settlement (${ROWS} rows)`);
  console.log(row('getReports (verify + list + JSON)', emuRps, bareRps, 'req/s'));
  console.log(row('download (generated as streamed)', emuMBs, bareMBs, 'MB/s'));
}

/** Downloads one at a time (each is large); returns seconds. */
async function timedSerial(jobs) {
  const started = process.hrtime.bigint();
  for (const job of jobs) {
    const res = await job();
    if (res.status !== 200) throw new Error(`download answered ${res.status}`);
  }
  return Number(process.hrtime.bigint() - started) / 1e9;
}

await main();
