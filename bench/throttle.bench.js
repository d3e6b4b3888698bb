// Throttle benchmark: how close sync comes to a server's quota it is not told, and how often it
// is refused on the way. The emulator (own process, 20 ms latency) throttles each operation with
// a token bucket, like `amazon-pay-reports emulator --throttle RATE:BURST`; sync runs with its
// defaults (ceiling 100/s, learning from 429s). For each throttle it prints:
//   time / quota bound  the bound is what the quota allows at best: for each operation,
//                       (requests it needed − burst) / rate, summed over the sync's phases
//   refused             429s as a share of all API requests the server saw
// Targets (issue 15): ≤ 1.2× the bound and ≤ 5% refused.
// Usage: npm run bench:throttle   (builds first). BENCH_THROTTLE=2:5,0.5:2 and BENCH_THROTTLE_REPORTS=100,50 to change.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const THROTTLES = (process.env.BENCH_THROTTLE ?? '2:5,0.5:2').split(',').map((t) => {
  const [rate, burst] = t.split(':').map(Number);
  return { ratePerSecond: rate, burst };
});
const REPORTS = (process.env.BENCH_THROTTLE_REPORTS ?? '100,50').split(',').map(Number);
const LATENCY_MS = 20;
const DAY = 24 * 3600_000;
const TYPES = ['order-reference', 'authorization', 'refund', 'billing-agreement'];

if (process.argv[2] === 'emulator') await serveEmulator(JSON.parse(process.argv[3]));
else await main();

/** The child: an emulator with the given throttle, answering the parent over IPC. */
async function serveEmulator({ throttle, days }) {
  const { createEmulator } = await import('../dist/emulator/index.js');
  const emulator = await createEmulator({ seed: 5, days, latencyMs: LATENCY_MS, throttle, reportDelayMs: 0 });
  process.on('message', (m) => {
    if (m.type === 'close') void emulator.close().then(() => process.disconnect());
    else if (m.type === 'reports') process.send({ type: 'reports', count: emulator.reports().length });
    else if (m.type === 'requests') {
      const api = emulator.requests.slice(m.from).filter((r) => r.operation !== 'download');
      const byOperation = {};
      for (const r of api) {
        const o = (byOperation[r.operation] ??= { ok: 0, throttled: 0 });
        if (r.status === 429) o.throttled++;
        else o.ok++;
      }
      process.send({ type: 'requests', total: emulator.requests.length, byOperation });
    }
  });
  process.send({ type: 'ready', url: emulator.url, merchant: emulator.defaultMerchant });
}

async function main() {
  const { createClient } = await import('../dist/client/create-client.js');
  const { openStore } = await import('../dist/store/open-store.js');
  const { syncReports } = await import('../dist/sync/sync.js');
  console.log(`node ${process.version}, ${process.platform}/${process.arch}; emulator latency ${LATENCY_MS} ms, own process; sync defaults (ceiling 100/s burst 20, starts at 5/s)`);
  console.log('');
  const results = [];
  for (const [i, throttle] of THROTTLES.entries()) {
    const total = REPORTS[i] ?? REPORTS[REPORTS.length - 1];
    // One settlement a day plus created transaction reports, so the listing is one page.
    const days = Math.min(30, total);
    const child = fork(new URL(import.meta.url), ['emulator', JSON.stringify({ throttle, days })]);
    const ask = async (message) => {
      child.send(message);
      const [reply] = await once(child, 'message');
      return reply;
    };
    const [{ url, merchant }] = await once(child, 'message');
    const dir = await mkdtemp(join(tmpdir(), 'apr-throttle-bench-'));
    try {
      // Seeding goes through the same throttle (untimed): slowly, with an unthrottled-looking client.
      const seeder = createClient({ publicKeyId: merchant.publicKeyId, privateKey: { pem: merchant.privateKeyPem }, endpoint: url, retry: { retries: 20 } });
      const want = total - (await ask({ type: 'reports' })).count;
      for (let k = 0; k < want; k++) {
        const end = Date.now() - (1 + (k % 60)) * DAY;
        await seeder.createReport({ reportType: TYPES[k % TYPES.length], startTime: new Date(end - DAY), endTime: new Date(end) });
        await new Promise((r) => setTimeout(r, 1000 / throttle.ratePerSecond));
      }
      await new Promise((r) => setTimeout(r, (throttle.burst / throttle.ratePerSecond) * 1000)); // the bucket refills

      const client = createClient({ publicKeyId: merchant.publicKeyId, privateKey: { pem: merchant.privateKeyPem }, endpoint: url });
      const from = (await ask({ type: 'requests', from: 0 })).total;
      const store = await openStore(join(dir, 'store.db'));
      const t0 = performance.now();
      let summary;
      try {
        summary = await syncReports({ client, store, outDir: join(dir, 'reports'), import: false });
      } finally {
        await store.close();
      }
      const seconds = (performance.now() - t0) / 1000;
      const { byOperation } = await ask({ type: 'requests', from });
      let bound = 0;
      let sent = 0;
      let refused = 0;
      for (const o of Object.values(byOperation)) {
        bound += Math.max(0, (o.ok - throttle.burst) / throttle.ratePerSecond);
        sent += o.ok + o.throttled;
        refused += o.throttled;
      }
      const learned = summary.rates.map((r) => `${r.operation} ${r.ratePerSecond}/s`).join(', ');
      const ratio = seconds / bound;
      const share = (100 * refused) / sent;
      console.log(`--throttle ${throttle.ratePerSecond}:${throttle.burst}  ${summary.downloaded} reports  ${seconds.toFixed(1)} s  quota bound ${bound.toFixed(1)} s  ${ratio.toFixed(2)}× the bound (target ≤ 1.2×)`);
      console.log(`  ${sent} API requests, ${refused} refused (${share.toFixed(1)}%, target ≤ 5%); summary.apiCalls ${summary.apiCalls} (the server saw ${sent}); failed ${summary.failed}`);
      console.log(`  learned: ${learned}`);
      results.push({ throttle, ratio, share, failed: summary.failed });
    } finally {
      const exited = once(child, 'exit');
      child.send({ type: 'close' });
      await exited;
      await rm(dir, { recursive: true, force: true });
    }
  }
  const bad = results.filter((r) => r.failed > 0);
  if (bad.length > 0) process.exitCode = 1;
}
