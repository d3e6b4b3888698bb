// Sync benchmark: 500 reports from the emulator with 50 ms latency on every response (a realistic
// network), no throttle (bench:throttle measures that), synced from the same emulator:
//   baseline      what the official SDK's docs show: list, then for each report get its document
//                 and download it, one at a time (done with our client, pageSize 100 to be fair)
//   sync c=N      syncReports with N downloads in flight, its adaptive limiter capped at 1000/s
//                 (--rate 1000:100: this server has no quota to learn), download only and with import
//   latency bound for concurrency N: the round trips that cannot overlap — the first list page,
//                 then the later pages or (whichever takes longer, as they overlap) one document
//                 URL and ceil(reports / N) downloads per worker (the next URL is minted during
//                 each transfer), then the disbursements — at 50 ms each
// The emulator runs in its own process (this file, forked), as Amazon would: its CPU work
// (signature checks, file generation) does not compete with the client being measured.
// Usage: npm run bench:sync   (builds first). BENCH_SYNC_REPORTS=200 for a quicker run.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const TOTAL = Number(process.env.BENCH_SYNC_REPORTS ?? 500);
const DAYS = 90; // one settlement report per day; the rest are created transaction reports
const LATENCY_MS = 50;
const CONCURRENCY = (process.env.BENCH_SYNC_CONCURRENCY ?? '4,8,16,32').split(',').map(Number);
// Started at the ceiling: this server has no quota to learn (a library option; the CLI starts at 5/s).
const RATE = { ratePerSecond: 1000, burst: 100, initialRatePerSecond: 1000 };
const TYPES = ['order-reference', 'authorization', 'refund', 'billing-agreement'];
const DAY = 24 * 3600_000;

if (process.argv[2] === 'emulator') await serveEmulator();
else await main();

/** The child: hosts the emulator and answers the parent's questions about it over IPC. */
async function serveEmulator() {
  const { createEmulator } = await import('../dist/emulator/index.js');
  const emulator = await createEmulator({ seed: 3, days: DAYS, latencyMs: LATENCY_MS, reportDelayMs: 0 });
  process.on('message', (m) => {
    if (m.type === 'close') {
      void emulator.close().then(() => process.disconnect());
    } else if (m.type === 'reports') {
      process.send({ type: 'reports', statuses: emulator.reports().map((r) => r.processingStatus) });
    } else if (m.type === 'requests') {
      const api = emulator.requests.slice(m.from).filter((r) => r.operation !== 'download');
      process.send({ type: 'requests', total: emulator.requests.length, api: api.length, throttled: api.filter((r) => r.status === 429).length });
    }
  });
  process.send({ type: 'ready', url: emulator.url, merchant: emulator.defaultMerchant });
}

async function main() {
  const { createClient } = await import('../dist/client/create-client.js');
  const { openStore } = await import('../dist/store/open-store.js');
  const { syncReports } = await import('../dist/sync/sync.js');

  const child = fork(new URL(import.meta.url), ['emulator']);
  const ask = async (message) => {
    child.send(message);
    const [reply] = await once(child, 'message');
    return reply;
  };
  const [{ url, merchant }] = await once(child, 'message');
  const client = createClient({ publicKeyId: merchant.publicKeyId, privateKey: { pem: merchant.privateKeyPem }, endpoint: url });
  const dir = await mkdtemp(join(tmpdir(), 'apr-sync-bench-'));

  /** Creates transaction reports until the emulator holds TOTAL (not timed). */
  const seed = async () => {
    const want = TOTAL - (await ask({ type: 'reports' })).statuses.length;
    const jobs = [];
    for (let i = 0; i < want; i++) {
      if (jobs.length % 20 === 19) await Promise.all(jobs.slice(-20));
      const end = Date.now() - (1 + (i % 80)) * DAY;
      jobs.push(client.createReport({ reportType: TYPES[i % TYPES.length], startTime: new Date(end - DAY), endTime: new Date(end) }));
    }
    await Promise.all(jobs);
    await new Promise((r) => setTimeout(r, 50)); // reportDelayMs 0: let the last ones leave IN_PROGRESS
  };

  const measure = async (name, fn) => {
    const from = (await ask({ type: 'requests', from: 0 })).total;
    const t0 = performance.now();
    const files = await fn();
    const seconds = (performance.now() - t0) / 1000;
    const { api, throttled } = await ask({ type: 'requests', from });
    console.log(`${name.padEnd(30)} ${seconds.toFixed(2).padStart(6)} s  ${String(files).padStart(4)} files  ${String(api).padStart(4)} API calls  ${String(throttled).padStart(3)} throttled (429)`);
    return { name, seconds, files, api };
  };

  /** The SDK docs' recipe: getReports, then getReportDocument + GET url for each, one at a time. */
  const baseline = async (out) => {
    await mkdir(out, { recursive: true });
    let files = 0;
    for await (const report of client.getReports({ pageSize: 100 })) {
      if (report.processingStatus !== 'COMPLETED' || !report.reportDocumentId) continue;
      const doc = await client.getReportDocument(report.reportDocumentId);
      const res = await fetch(doc.url);
      if (!res.ok) throw new Error(`download of ${report.reportId} failed: ${res.status}`);
      await writeFile(join(out, `${report.reportId}.csv`), Buffer.from(await res.arrayBuffer()));
      files++;
    }
    return files;
  };

  const ours = async (out, concurrency, withImport) => {
    const store = await openStore(join(out, 'store.db'));
    try {
      const s = await syncReports({ client, store, outDir: join(out, 'reports'), concurrency, rateLimit: RATE, import: withImport });
      if (s.failed + s.importFailed > 0) throw new Error(`${s.failed} downloads and ${s.importFailed} imports failed`);
      return s.downloaded;
    } finally {
      await store.close();
    }
  };

  try {
    await seed();
    const statuses = (await ask({ type: 'reports' })).statuses;
    const completed = statuses.filter((s) => s === 'COMPLETED').length;
    console.log(`emulator: ${statuses.length} reports (${completed} COMPLETED), latency ${LATENCY_MS} ms, no throttle, own process`);
    console.log(`sync: --rate ${RATE.ratePerSecond}:${RATE.burst}; node ${process.version}, ${process.platform}/${process.arch}`);
    console.log('');
    const base = await measure('baseline (sequential SDK flow)', () => baseline(join(dir, 'baseline')));
    const runs = [];
    for (const c of CONCURRENCY) {
      runs.push({ c, r: await measure(`sync c=${c} download only`, () => ours(join(dir, `d${c}`), c, false)) });
      runs.push({ c, r: await measure(`sync c=${c} with import`, () => ours(join(dir, `i${c}`), c, true)) });
    }
    console.log('');
    const pages = Math.ceil(statuses.length / 100);
    for (const { c, r } of runs) {
      const bound = ((1 + Math.max(pages - 1, 1 + Math.ceil(completed / c)) + 1) * LATENCY_MS) / 1000;
      console.log(`${r.name.padEnd(30)} ${(base.seconds / r.seconds).toFixed(2).padStart(6)}× the baseline (target ≥ 10×)   ${(r.seconds / bound).toFixed(2)}× its latency bound ${bound.toFixed(2)} s (target ≤ 1.3×)`);
    }
  } finally {
    const exited = once(child, 'exit');
    child.send({ type: 'close' });
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}
