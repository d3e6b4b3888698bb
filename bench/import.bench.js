// Import benchmark: one large settlement file (default 1,000,000 rows, ~190 MB; BENCH_IMPORT_ROWS
// to change), put into SQLite three ways, each run in its own child process (its own peak RSS):
//   bare         the bound: the rows already parsed into memory as parameter arrays (not timed),
//                then ONE prepared single-row INSERT run per row inside one transaction, into the
//                store's own settlement_rows table (same columns, primary key, STRICT, WITHOUT ROWID)
//                with its secondary indexes dropped, on a connection with the store's pragmas
//   bare:multi   the same rows through a prepared 64-row INSERT (a stricter reference, not the target)
//   import       importReportFile of the file into a fresh store: hash + read + parse + totals + insert,
//                every index the store keeps, one transaction, committed (a file this size is parsed
//                in a worker thread while the main thread inserts)
//   import:thread  the same with parseInWorker: false: everything on one thread
//   sync         (BENCH_IMPORT_SYNC=0 to skip) syncReports from the emulator, running in its own
//                process, of one settlement report of the same rows: list + download + parse + import.
//                The emulator serves the document from a file it rendered before the clock starts
//                (documentCacheDir), as S3 serves a stored object: the timed sync measures our sync,
//                not the emulator generating 189 MB while it sends them on the same 2 cores
//   sync:generated  (only with BENCH_IMPORT_SYNC_GENERATED=1) the same against an emulator that
//                generates the bytes as it sends them (no documentCacheDir), for comparison
//   postgres     (only with BENCH_IMPORT_PG=1) importReportFile into a PostgreSQL store on a throwaway
//                local cluster (scripts/postgres-cluster.mjs, fsync off): its rows/s, for reference
// Rounds are interleaved, BENCH_IMPORT_RUNS times (default 3); it prints medians and the ratio of
// each median rate to the bound's (targets: import and sync ≥ 0.70).
// Usage: npm run bench:import   (builds first)
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { forkContender } from './fork-contender.js';

const ROWS = Number(process.env.BENCH_IMPORT_ROWS ?? 1_000_000);
const RUNS = Math.max(1, Number(process.env.BENCH_IMPORT_RUNS ?? 3));
const WITH_SYNC = process.env.BENCH_IMPORT_SYNC !== '0';
const WITH_SYNC_GENERATED = process.env.BENCH_IMPORT_SYNC_GENERATED === '1';
const WITH_PG = process.env.BENCH_IMPORT_PG === '1';
const SPEC = { seed: 1, sellerId: 'A3BENCHSELLER', settlementId: '9876543210', start: new Date('2026-10-01T00:00:00Z'), end: new Date('2026-10-31T00:00:00Z') };
const REPORT = { reportId: 'A08439021T39K6DTX4JS8', reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_' };
const MULTI = 64;
const MB = 1e6;

const role = process.argv[2];
if (role === 'child') await child(process.argv[3], process.argv[4], process.argv[5]);
else if (role === 'emulator') await serveEmulator(process.argv[3]);
else await parent();

async function parent() {
  const dir = mkdtempSync(join(tmpdir(), 'apr-import-bench-'));
  try {
    const file = join(dir, 'settlement.csv');
    const t0 = performance.now();
    await generate(file);
    const bytes = statSync(file).size;
    console.log(`generated ${(bytes / MB).toFixed(0)} MB, ${ROWS.toLocaleString('en-US')} transaction rows in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    console.log(`node ${process.version}, ${process.platform}/${process.arch}; ${RUNS} rounds, interleaved, each run in its own process`);
    console.log('');
    const modes = ['bare', 'bare:multi', 'import', 'import:thread', ...(WITH_SYNC ? ['sync'] : []), ...(WITH_SYNC_GENERATED ? ['sync:generated'] : []), ...(WITH_PG ? ['postgres'] : [])];
    const results = new Map(modes.map((m) => [m, []]));
    let rows;
    for (let r = 0; r < RUNS; r++) {
      for (const mode of modes) {
        const res = await forkContender(import.meta.url, mode, [file, dir]);
        rows ??= res.rows;
        // The emulator generates its own file of the same size: only the contenders reading ours must match to the row.
        if (!mode.startsWith('sync') && res.rows !== rows) throw new Error(`${mode} stored ${res.rows} rows, bare stored ${rows}`);
        results.get(mode).push(res);
      }
    }
    const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
    const rate = new Map();
    const cpuRate = new Map();
    for (const [mode, rs] of results) {
      const n = rs[0].rows;
      const seconds = median(rs.map((x) => x.seconds));
      const cpu = median(rs.map((x) => x.cpuSeconds));
      const rss = Math.max(...rs.map((x) => x.maxRssKb)) / 1024;
      rate.set(mode, n / seconds);
      cpuRate.set(mode, n / cpu);
      const all = rs.map((x) => x.seconds.toFixed(2)).join(' ');
      console.log(`${mode.padEnd(15)} ${String(n).padStart(8)} rows  median ${seconds.toFixed(2).padStart(6)} s  ${Math.round(n / seconds).toLocaleString('en-US').padStart(9)} rows/s  cpu ${cpu.toFixed(2).padStart(6)} s  peak RSS ${rss.toFixed(0).padStart(4)} MiB   (runs: ${all} s)`);
    }
    const bound = rate.get('bare');
    const cpuBound = cpuRate.get('bare');
    console.log('');
    // Rows per CPU second too (of all the process's threads): on a shared machine a process waits
    // for a core, and that wait is in the wall time only; a parse worker adds CPU but not wall time.
    for (const mode of modes.slice(1)) {
      const target = mode === 'import' || mode === 'import:thread' ? '   (target ≥ 0.70)' : mode === 'sync' ? '   (target ≥ 0.70, download included)' : mode === 'postgres' ? '   (another engine: for reference only)' : '';
      console.log(`${mode.padEnd(15)} ${(rate.get(mode) / bound).toFixed(2)}× the bound's rows/s, ${(cpuRate.get(mode) / cpuBound).toFixed(2)}× its rows per CPU second${target}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Streams the emulator's generator to disk with backpressure. */
async function generate(file) {
  const { settlementFile } = await import('../dist/emulator/files/settlement-file.js');
  const out = createWriteStream(file, { highWaterMark: 4 * 1024 * 1024 });
  for (const chunk of settlementFile({ ...SPEC, rows: ROWS })) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function child(mode, file, dir) {
  if (mode === 'postgres') return postgres(file);
  const work = join(dir, mode.replace(':', '-'));
  rmSync(work, { recursive: true, force: true });
  const dbPath = join(work, 'store.db');
  // Modules are loaded and the store's schema is made before the clock starts, for every contender.
  const { openStore } = await import('../dist/store/open-store.js');
  const store = await openStore(dbPath);
  let timed;
  if (mode === 'bare' || mode === 'bare:multi') {
    await store.close();
    timed = await bare(dbPath, file, mode === 'bare:multi');
  } else if (mode === 'import' || mode === 'import:thread') {
    const { importReportFile } = await import('../dist/import/import-report-file.js');
    const options = mode === 'import' ? {} : { parseInWorker: false };
    timed = await clock(async () => (await importReportFile(store, REPORT, file, options)).rows);
    await store.close();
  } else {
    timed = await sync(store, work, mode === 'sync');
    await store.close();
  }
  // Every contender must have stored the same rows: count them on a connection of its own.
  const Database = (await import('better-sqlite3')).default;
  const check = new Database(dbPath, { readonly: true });
  const rows = check.prepare('SELECT count(*) FROM settlement_rows').pluck().get();
  check.close();
  if (rows !== timed.rows) throw new Error(`${mode}: said ${timed.rows} rows, the table holds ${rows}`);
  rmSync(work, { recursive: true, force: true });
  process.send({ rows, seconds: timed.seconds, cpuSeconds: timed.cpuSeconds, maxRssKb: process.resourceUsage().maxRSS });
}

async function clock(fn) {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const rows = await fn();
  const seconds = (performance.now() - t0) / 1000;
  const c = process.cpuUsage(c0);
  return { rows, seconds, cpuSeconds: (c.user + c.system) / 1e6 };
}

/** importReportFile into PostgreSQL: the cluster is started and the schema made before the clock starts. */
async function postgres(file) {
  const { startPostgres } = await import('../scripts/postgres-cluster.mjs');
  const { openStore } = await import('../dist/store/open-store.js');
  const { importReportFile } = await import('../dist/import/import-report-file.js');
  const cluster = await startPostgres();
  try {
    const store = await openStore(cluster.url, { merchant: 'bench' });
    const timed = await clock(async () => (await importReportFile(store, REPORT, file)).rows);
    const rows = (await store.settlementRowCounts()).reduce((n, c) => n + c.rows, 0);
    await store.close();
    if (rows !== timed.rows) throw new Error(`postgres: said ${timed.rows} rows, the table holds ${rows}`);
    process.send({ rows, seconds: timed.seconds, cpuSeconds: timed.cpuSeconds, maxRssKb: process.resourceUsage().maxRSS });
  } finally {
    cluster.stop();
  }
}

/** The bound: typed rows in memory, one prepared INSERT per row (or per 64), one transaction. */
async function bare(dbPath, file, multi) {
  const Database = (await import('better-sqlite3')).default;
  const { configureConnection } = await import('../dist/store/sqlite/open-sqlite-store.js');
  const { parseReportFile } = await import('../dist/reports/parse-report-file.js');
  const params = [];
  for await (const batch of parseReportFile(file).batches()) {
    for (const r of batch) {
      params.push([
        REPORT.reportId, r.line, r.settlementId, r.postedAt, r.postedAtRaw, r.amazonTransactionId, r.sellerReferenceId,
        r.transactionType, r.amazonOrderReferenceId, r.sellerOrderId, r.storeName, r.currencyCode, r.description,
        r.amount, r.percentageFee, r.fixedFee, r.totalFee, r.net, null,
      ]);
    }
  }
  const db = new Database(dbPath);
  configureConnection(db);
  for (const name of db.prepare(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'settlement_rows' AND sql IS NOT NULL`).pluck().all()) {
    db.exec(`DROP INDEX "${name}"`);
  }
  const tuple = `(${new Array(19).fill('?').join(', ')})`;
  const one = db.prepare(`INSERT INTO settlement_rows VALUES ${tuple}`);
  const many = db.prepare(`INSERT INTO settlement_rows VALUES ${new Array(MULTI).fill(tuple).join(', ')}`);
  const block = new Array(MULTI * 19);
  const timed = await clock(() => {
    db.transaction(() => {
      let i = 0;
      if (multi) {
        // One reused parameter array per statement, as the store's inserter does.
        for (; i + MULTI <= params.length; i += MULTI) {
          for (let r = 0; r < MULTI; r++) {
            const row = params[i + r];
            for (let c = 0; c < 19; c++) block[r * 19 + c] = row[c];
          }
          many.run(block);
        }
      }
      for (; i < params.length; i++) one.run(params[i]);
    })();
    return params.length;
  });
  db.close();
  return timed;
}

/** syncReports of the emulator's one settlement report (the emulator in its own process, as Amazon would be). */
async function sync(store, work, stored) {
  const { createClient } = await import('../dist/client/create-client.js');
  const { syncReports } = await import('../dist/sync/sync.js');
  const documents = join(work, 'emulator-documents');
  if (stored) mkdirSync(documents, { recursive: true });
  const emulator = fork(new URL(import.meta.url).pathname, ['emulator', ...(stored ? [documents] : [])], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const [{ url, merchant }] = await once(emulator, 'message');
  try {
    const client = createClient({ publicKeyId: merchant.publicKeyId, privateKey: { pem: merchant.privateKeyPem }, endpoint: url });
    return await clock(async () => {
      const s = await syncReports({ client, store, outDir: join(work, 'reports'), reportTypes: [REPORT.reportType] });
      if (s.failed > 0 || s.downloaded !== 1) throw new Error(`sync: ${s.downloaded} downloaded, ${s.failed} failed`);
      // What the import recorded (the child counts the table itself after the clock): a count over
      // a million rows here would time a query, not the sync.
      return (await store.listImports()).reduce((n, i) => n + i.rowCount, 0);
    });
  } finally {
    emulator.send({ type: 'close' });
    await once(emulator, 'exit');
  }
}

async function serveEmulator(documentCacheDir) {
  const { createEmulator } = await import('../dist/emulator/index.js');
  // One day of history: one settlement report, of the benchmark's size, rendered to a file before
  // the emulator says it is ready, so downloads stream stored bytes.
  const emulator = await createEmulator({ seed: 1, days: 1, rowsPerSettlement: ROWS, reportDelayMs: 0, ...(documentCacheDir ? { documentCacheDir } : {}) });
  if (documentCacheDir) for (const r of emulator.reports()) if (r.reportDocumentId) await emulator.documentSha256(r.reportDocumentId);
  process.on('message', (m) => {
    if (m.type === 'close') void emulator.close().then(() => process.disconnect());
  });
  process.send({ url: emulator.url, merchant: emulator.defaultMerchant });
}
