// Dashboard benchmark: a store of 3 years of daily settlements (1095 files, ~50 rows each, every
// payout disbursed), built by importing generated settlement files, then the dashboard's JSON
// endpoints timed over HTTP against the baseline a naive page would need: every stored row read.
// Usage: npm run bench:dashboard   (builds first). BENCH_DASHBOARD_DAYS=365 for a quicker run.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';

const DAYS = Number(process.env.BENCH_DASHBOARD_DAYS ?? 1095);
const DAY = 86_400_000;
const FIRST = Date.UTC(2024, 0, 1);

const { openStore } = await import('../dist/store/open-store.js');
const { createDashboardServer } = await import('../dist/dashboard/create-dashboard-server.js');
const { buildSettlementStore } = await import('./settlement-store.js');

const dir = await mkdtemp(join(tmpdir(), 'apr-bench-dashboard-'));
try {
  const db = join(dir, 'store.db');
  let t = performance.now();
  await buildSettlementStore({ db, dir, settlements: DAYS, rows: 50, first: FIRST, disburse: true });
  console.log(`built ${DAYS} settlements in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const store = await openStore(db, { readOnly: true });
  let rows = 0;
  t = performance.now();
  for await (const batch of store.settlementRows()) rows += batch.length;
  const baseline = performance.now() - t;

  const server = await createDashboardServer({ store, port: 0 });
  const time = async (path, runs = 5) => {
    const ms = [];
    let bytes = 0;
    for (let i = 0; i < runs; i++) {
      const s = performance.now();
      const res = await fetch(new URL(path, server.url));
      bytes = (await res.arrayBuffer()).byteLength;
      if (!res.ok) throw new Error(`${path}: HTTP ${res.status}`);
      ms.push(performance.now() - s);
    }
    ms.sort((a, b) => a - b);
    return { median: ms[Math.floor(runs / 2)], bytes };
  };
  const last = String(6_000_000_000 + DAYS - 1);
  const results = [
    ['baseline: read every stored row', { median: baseline, bytes: 0 }, `${rows} rows`],
    ['GET / (the page)', await time('/'), ''],
    ['GET /app.js', await time('/app.js'), ''],
    ['GET /api/overview (all settlements)', await time('/api/overview'), `${DAYS} settlements`],
    ['GET /api/overview?since=… (one month)', await time(`/api/overview?since=${new Date(FIRST + (DAYS - 30) * DAY).toISOString().slice(0, 10)}`), ''],
    ['GET /api/settlements/ID (detail)', await time(`/api/settlements/${last}`), ''],
    ['GET /api/settlements/ID/rows (page of 50)', await time(`/api/settlements/${last}/rows?limit=50`), ''],
  ];
  for (const [name, r, note] of results) console.log(`${name.padEnd(44)} ${r.median.toFixed(1).padStart(8)} ms ${r.bytes ? `${(r.bytes / 1024).toFixed(0).padStart(6)} KiB` : '          '} ${note}`);
  await server.close();
  await store.close();
} finally {
  await rm(dir, { recursive: true, force: true });
}
