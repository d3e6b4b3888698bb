// CLI benchmark, two parts, each against a baseline run in this script:
//   start-up  `amazon-pay-reports --version` and `--help` against `node -e 0` (median of
//             BENCH_CLI_SPAWNS spawns each, default 30, interleaved), with the files each loads
//   export    `export rows --format csv` (and `--raw-csv`) against `sqlite3 -csv` running the same
//             query on the same store into the same kind of file (median and fastest of BENCH_CLI_RUNS,
//             default 5, interleaved); the store holds BENCH_CLI_SETTLEMENTS settlements (default 50) of
//             BENCH_CLI_ROWS rows (default 10 000) = 500 000 rows, imported from generated files.
// Before timing, both CSV files are parsed and compared record by record (the two quote differently).
// Usage: npm run bench:cli   (builds first). BENCH_CLI_SETTLEMENTS=5 for a quick run.
import { spawnSync } from 'node:child_process';
import { closeSync, createReadStream, existsSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse';
import { buildSettlementStore } from './settlement-store.js';
import { modulesLoaded } from '../scripts/modules-loaded.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'bin', 'amazon-pay-reports.js');
const SQLITE3 = process.env.BENCH_CLI_SQLITE3 ?? '/usr/bin/sqlite3';
const SPAWNS = Number(process.env.BENCH_CLI_SPAWNS ?? 30);
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 5);
const SETTLEMENTS = Number(process.env.BENCH_CLI_SETTLEMENTS ?? 50);
const ROWS = Number(process.env.BENCH_CLI_ROWS ?? 10_000);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const env = { PATH: process.env.PATH ?? '' };

/** Runs a command to completion, stdout into `out` (a file) or discarded; milliseconds of wall time. */
function timed(command, args, out) {
  const fd = out ? openSync(out, 'w') : 'ignore';
  const t = performance.now();
  const r = spawnSync(command, args, { cwd: ROOT, env, stdio: ['ignore', fd, 'pipe'], maxBuffer: 1 << 20 });
  const ms = performance.now() - t;
  if (typeof fd === 'number') closeSync(fd);
  if (r.status !== 0) throw new Error(`${command} ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  return ms;
}

console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
console.log('');

// Start-up.
const startup = [
  ['node -e 0', process.execPath, ['-e', '0']],
  ['amazon-pay-reports --version', process.execPath, [BIN, '--version']],
  ['amazon-pay-reports --help', process.execPath, [BIN, '--help']],
];
const times = new Map(startup.map(([name]) => [name, []]));
for (const [, command, args] of startup) timed(command, args); // warm the file cache
for (let i = 0; i < SPAWNS; i++) for (const [name, command, args] of startup) times.get(name).push(timed(command, args));
const base = median(times.get('node -e 0'));
console.log(`start-up: median of ${SPAWNS} spawns each, interleaved`);
for (const [name, , args] of startup) {
  const m = median(times.get(name));
  const modules = name.startsWith('node') ? '' : `${modulesLoaded(args.slice(1)).modules.length} files loaded`;
  console.log(`${name.padEnd(30)} ${m.toFixed(1).padStart(7)} ms  ${(m / base).toFixed(2)}× node -e 0  ${modules}`);
}
console.log('');

// Export.
if (!existsSync(SQLITE3)) {
  console.log(`export: skipped, no sqlite3 CLI at ${SQLITE3} (set BENCH_CLI_SQLITE3)`);
  process.exit(0);
}
const { EXPORTED_ROW_COLUMNS, EXPORTED_ROW_SQL_COLUMNS } = await import('../dist/store/exported-row-cells.js');
// The query `export rows` runs (EXPORT_FROM in src/store/sqlite/sqlite-rows.ts, no --since/--until),
// its columns named as the export's header.
const QUERY = `SELECT ${EXPORTED_ROW_COLUMNS.map((c, i) => `r.${EXPORTED_ROW_SQL_COLUMNS[i]} AS ${c}`).join(', ')}
  FROM settlements s CROSS JOIN settlement_rows r ON r.report_id = s.report_id AND r.settlement_id = s.settlement_id
  WHERE s.active = 1
  ORDER BY r.posted_at, r.report_id, r.line`;

const dir = mkdtempSync(join(tmpdir(), 'apr-bench-cli-'));
try {
  const db = join(dir, 'store.db');
  let t = performance.now();
  await buildSettlementStore({ db, dir, settlements: SETTLEMENTS, rows: ROWS, days: 7 });
  console.log(`export: store of ${SETTLEMENTS} settlements × ${ROWS} rows built in ${((performance.now() - t) / 1000).toFixed(1)} s`);

  const contenders = [
    ['sqlite3 -csv -header', SQLITE3, ['-csv', '-header', db, QUERY]],
    ['export rows --format csv', process.execPath, [BIN, 'export', 'rows', '--format', 'csv', '--db', db]],
    ['export rows --raw-csv', process.execPath, [BIN, 'export', 'rows', '--raw-csv', '--db', db]],
  ];
  const files = contenders.map((_, i) => join(dir, `out-${i}.csv`));
  contenders.forEach(([, command, args], i) => timed(command, args, files[i]));
  t = performance.now();
  const { records } = await compareRecords(files[0], files[2], { strict: true });
  const { differing } = await compareRecords(files[2], files[1], { strict: false });
  console.log(`sqlite3 and --raw-csv give the same ${records.toLocaleString('en-US')} records (header included); `
    + `${differing} of them differ with the spreadsheet-safe default ('-prefixed formula cells); compared in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  console.log('');

  const runs = contenders.map(() => []);
  for (let r = 0; r < RUNS; r++) contenders.forEach(([, command, args], i) => runs[i].push(timed(command, args, files[i])));
  const sqlite = median(runs[0]);
  const sqliteFastest = Math.min(...runs[0]);
  console.log(`export: median (and fastest) of ${RUNS} runs each, interleaved, stdout into a file`);
  contenders.forEach(([name], i) => {
    const m = median(runs[i]);
    const fastest = Math.min(...runs[i]);
    console.log(`${name.padEnd(30)} ${(m / 1000).toFixed(2).padStart(7)} s  ${(statSync(files[i]).size / 1e6).toFixed(1)} MB  `
      + `${(m / sqlite).toFixed(2)}× sqlite3  (fastest ${(fastest / 1000).toFixed(2)} s, ${(fastest / sqliteFastest).toFixed(2)}×)`);
  });
} finally {
  rmSync(dir, { recursive: true, force: true });
}

/** Parses both CSV files record by record: how many records, and how many differ (strict: throws at the first). */
async function compareRecords(a, b, { strict }) {
  const left = createReadStream(a).pipe(parse())[Symbol.asyncIterator]();
  const right = createReadStream(b).pipe(parse())[Symbol.asyncIterator]();
  let differing = 0;
  for (let n = 0; ; n++) {
    const [x, y] = await Promise.all([left.next(), right.next()]);
    if (x.done || y.done) {
      if (x.done !== y.done) throw new Error(`${a} and ${b} differ in length after ${n} records`);
      return { records: n, differing };
    }
    if (x.value.length !== y.value.length || x.value.some((v, i) => v !== y.value[i])) {
      if (strict) throw new Error(`record ${n} differs:\n  ${JSON.stringify(x.value)}\n  ${JSON.stringify(y.value)}`);
      differing++;
    }
  }
}
