// Multi-merchant benchmark: 50 merchants, each with its own key and history in one emulator that
// answers every response after 50 ms, synced by 1, 2 and 4 workers (pg-boss, concurrency 2 each)
// from a throwaway PostgreSQL cluster. Each merchant's API calls are held to its rate budget
// (RATE calls/s, burst BURST, shared through PostgreSQL), so a merchant's sync cannot beat
// (calls - burst) / rate seconds: the per-merchant rate bound. Prints merchants/minute and the
// ratio to that bound for the slots the workers have.
// Usage: npm run bench:merchants   (builds first). BENCH_MERCHANTS=20 for a quicker run.
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { startPostgres } from '../scripts/postgres-cluster.mjs';

const MERCHANTS = Number(process.env.BENCH_MERCHANTS ?? 50);
const DAYS = 10;
const LATENCY_MS = 50;
const RATE = { ratePerSecond: 5, burst: 5 };
const CONCURRENCY = 2;
const WORKER_COUNTS = [1, 2, 4];

if (process.argv[2] === 'emulator') await serveEmulator();
else await main();

/** The child: the emulator with MERCHANTS sellers; sends their keys, then counts requests on demand. */
async function serveEmulator() {
  const { generateKeyPairSync } = await import('node:crypto');
  const { createEmulator } = await import('../dist/emulator/index.js');
  const merchants = [];
  const keys = [];
  for (let i = 0; i < MERCHANTS; i++) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const publicKeyId = `LIVE-BENCH${String(i).padStart(3, '0')}KEY00000000`;
    merchants.push({ publicKeyId, publicKey: privateKey, sellerId: `A${String(i).padStart(3, '0')}BENCHSELLER` });
    keys.push({ publicKeyId, pem: privateKey.export({ type: 'pkcs8', format: 'pem' }) });
  }
  const emulator = await createEmulator({ seed: 9, days: DAYS, latencyMs: LATENCY_MS, merchants });
  process.send({ type: 'ready', url: emulator.url, keys });
  process.on('message', (m) => {
    if (m.type === 'close') void emulator.close().then(() => process.disconnect());
    else if (m.type === 'requests') process.send({ type: 'requests', api: emulator.requests.slice(m.from).filter((r) => r.operation !== 'download').length, total: emulator.requests.length });
  });
}

async function main() {
  const { openPostgresMerchants } = await import('../dist/store/postgres/postgres-merchants.js');
  const { runWorker, startBoss, enqueueSyncs } = await import('../dist/worker/run-worker.js');
  const { openStore } = await import('../dist/store/open-store.js');
  const cluster = await startPostgres();
  const child = fork(new URL(import.meta.url).pathname, ['emulator'], { stdio: 'inherit' });
  const [ready] = await once(child, 'message');
  const ask = async (m) => {
    child.send(m);
    for (;;) {
      const [reply] = await once(child, 'message');
      if (reply.type === m.type) return reply;
    }
  };
  const dir = await mkdtemp(join(tmpdir(), 'apr-bench-merchants-'));
  const admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  const keyFiles = [];
  for (const k of ready.keys) {
    const file = join(dir, `${k.publicKeyId}.pem`);
    await writeFile(file, k.pem, { mode: 0o600 });
    keyFiles.push({ ...k, file });
  }
  console.log(`${MERCHANTS} merchants × ${DAYS} days of history, ${LATENCY_MS} ms latency, budget ${RATE.ratePerSecond}/s burst ${RATE.burst} each, ${CONCURRENCY} jobs per worker`);
  const results = [];
  try {
    for (const workers of WORKER_COUNTS) {
      await admin.query(`CREATE DATABASE bench_${workers}`);
      const url = cluster.url.replace(/\/postgres$/, `/bench_${workers}`);
      const registry = await openPostgresMerchants(url);
      for (const [i, k] of keyFiles.entries()) {
        await registry.add({ name: `m${String(i).padStart(3, '0')}`, publicKeyId: k.publicKeyId, privateKeyFile: k.file, region: 'na', environment: 'live', endpoint: ready.url, everySeconds: 86_400, rate: RATE });
      }
      const names = (await registry.list()).map((m) => m.name);
      const controller = new AbortController();
      const out = join(dir, `out-${workers}`);
      const running = [];
      for (let w = 0; w < workers; w++) running.push(runWorker({ url, outDir: out, concurrency: CONCURRENCY, signal: controller.signal, scheduleEveryMs: 3_600_000 }));
      const from = (await ask({ type: 'requests', from: 0 })).total;
      const started = performance.now();
      // Due at once on creation: the workers' first scheduling tick enqueues every merchant.
      const boss = await startBoss(url);
      await enqueueSyncs(boss, await registry.list());
      await boss.stop({ graceful: false, wait: true });
      for (;;) {
        let done = 0;
        for (const name of names) {
          const store = await openStore(url, { merchant: name, readOnly: true });
          const [run] = await store.listRuns(1);
          await store.close();
          if (run && run.status === 'ok') done++;
        }
        if (done === names.length) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      const seconds = (performance.now() - started) / 1000;
      const calls = (await ask({ type: 'requests', from })).api / names.length;
      controller.abort();
      await Promise.all(running);
      await registry.close();
      const perMerchantBound = Math.max(0, calls - RATE.burst) / RATE.ratePerSecond;
      const slots = workers * CONCURRENCY;
      const boundPerMinute = (slots * 60) / perMerchantBound;
      const perMinute = (names.length / seconds) * 60;
      results.push({ workers, seconds, perMinute, boundPerMinute, calls });
      console.log(`workers ${workers}: ${seconds.toFixed(1)} s, ${perMinute.toFixed(0)} merchants/min; ${calls.toFixed(1)} API calls each, rate bound ${boundPerMinute.toFixed(0)} merchants/min for ${slots} slots → ${(perMinute / boundPerMinute).toFixed(2)}× the bound`);
    }
    const one = results[0];
    for (const r of results.slice(1)) console.log(`scaling: ${r.workers} workers are ${(r.perMinute / one.perMinute).toFixed(2)}× 1 worker`);
  } finally {
    await admin.end();
    child.send({ type: 'close' });
    cluster.stop();
    await rm(dir, { recursive: true, force: true });
  }
}
