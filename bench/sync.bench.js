// Sync benchmark: 500 reports from the emulator with 50 ms latency per response (a realistic
// network) and a per-operation throttle, synced three ways from the same emulator:
//   baseline   what the official SDK's docs show: list, then for each report get its document and
//              download it, one at a time (done with our client, pageSize 100 to be fair)
//   sync c=4   syncReports, 4 downloads in flight under the shared rate limit (the default)
//   sync c=8   the same with 8
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
// Amazon publishes no quota for the Reports operations (api.md §10); this per-operation bucket is
// the emulator's stand-in. The sync's shared limiter (DEFAULT_RATE_LIMIT) stays under it.
const THROTTLE = { burst: 20, ratePerSecond: 50 };
const TYPES = ['order-reference', 'authorization', 'refund', 'billing-agreement'];
const DAY = 24 * 3600_000;

if (process.argv[2] === 'emulator') await serveEmulator();
else await main();

/** The child: hosts the emulator and answers the parent's questions about it over IPC. */
async function serveEmulator() {
  const { createEmulator } = await import('../dist/emulator/index.js');
  const emulator = await createEmulator({ seed: 3, days: DAYS, latencyMs: LATENCY_MS, throttle: THROTTLE, reportDelayMs: 0 });
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
  const { createRateLimiter } = await import('../dist/sync/rate-limiter.js');
  const { DEFAULT_RATE_LIMIT, syncReports } = await import('../dist/sync/sync.js');

  const child = fork(new URL(import.meta.url), ['emulator']);
  const ask = async (message) => {
    child.send(message);
    const [reply] = await once(child, 'message');
    return reply;
  };
  const [{ url, merchant }] = await once(child, 'message');
  const client = createClient({ publicKeyId: merchant.publicKeyId, privateKey: { pem: merchant.privateKeyPem }, endpoint: url });
  const dir = await mkdtemp(join(tmpdir(), 'apr-sync-bench-'));

  /** Creates transaction reports until the emulator holds TOTAL, paced under the throttle (not timed). */
  const seed = async () => {
    const limiter = createRateLimiter({ ratePerSecond: THROTTLE.ratePerSecond * 0.9, burst: 1 });
    const want = TOTAL - (await ask({ type: 'reports' })).statuses.length;
    const jobs = [];
    for (let i = 0; i < want; i++) {
      await limiter.take();
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
    console.log(`${name.padEnd(22)} ${seconds.toFixed(2).padStart(6)} s  ${String(files).padStart(4)} files  ${String(api).padStart(4)} API calls  ${String(throttled).padStart(3)} throttled (429)`);
    return { name, seconds };
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

  const ours = async (out, concurrency) => {
    const store = openStore(join(out, 'store.db'));
    try {
      const s = await syncReports({ client, store, outDir: join(out, 'reports'), concurrency });
      if (s.failed > 0) throw new Error(`${s.failed} downloads failed`);
      return s.downloaded;
    } finally {
      store.close();
    }
  };

  try {
    await seed();
    const statuses = (await ask({ type: 'reports' })).statuses;
    console.log(`emulator: ${statuses.length} reports (${statuses.filter((s) => s === 'COMPLETED').length} COMPLETED), latency ${LATENCY_MS} ms, throttle ${THROTTLE.ratePerSecond}/s burst ${THROTTLE.burst} per operation, own process`);
    console.log(`sync rate limit: ${DEFAULT_RATE_LIMIT.ratePerSecond}/s burst ${DEFAULT_RATE_LIMIT.burst} shared by all calls; node ${process.version}, ${process.platform}/${process.arch}`);
    console.log('');
    const base = await measure('baseline (sequential)', () => baseline(join(dir, 'baseline')));
    const c4 = await measure('syncReports c=4', () => ours(join(dir, 'c4'), 4));
    const c8 = await measure('syncReports c=8', () => ours(join(dir, 'c8'), 8));
    console.log('');
    for (const r of [c4, c8]) console.log(`${r.name}: ${(base.seconds / r.seconds).toFixed(2)}× faster than the baseline (target ≥ 4×)`);
  } finally {
    const exited = once(child, 'exit');
    child.send({ type: 'close' });
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}
