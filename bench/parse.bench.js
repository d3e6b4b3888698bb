// Parse benchmark: generate a settlement file (default 1 GB; BENCH_PARSE_MB=200 for a quick run),
// then, each in its own child process so peak RSS is measured separately:
//   csv-parse      csv-parse alone: untyped string arrays, no checks (the baseline)
//   ours:parse     our parser: typed records, exact money, timestamps, identity/period checks
//   ours:import    our parser + importReportFile into a fresh SQLite store (one transaction)
// Usage: npm run bench:parse   (builds first)
import { fork } from 'node:child_process';
import { createReadStream, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MB = 1024 * 1024;

if (process.argv[2] === 'child') {
  await child(process.argv[3], process.argv[4], process.argv[5]);
} else {
  await parent();
}

async function parent() {
  const targetMb = Number(process.env.BENCH_PARSE_MB ?? 1024);
  const dir = mkdtempSync(join(tmpdir(), 'apr-parse-bench-'));
  try {
    const file = join(dir, 'settlement.csv');
    const t0 = performance.now();
    const rows = await generate(file, targetMb * MB);
    const bytes = statSync(file).size;
    const genSeconds = (performance.now() - t0) / 1000;
    console.log(`generated ${(bytes / MB).toFixed(0)} MiB, ${rows.toLocaleString('en-US')} rows in ${genSeconds.toFixed(1)} s (${file})`);
    console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
    console.log('');
    const results = [];
    for (const mode of ['csv-parse', 'ours:parse', 'ours:import']) {
      const r = await runChild(mode, file, dir);
      results.push(r);
      console.log(`${mode.padEnd(12)} ${String(r.rows).padStart(10)} rows  ${r.seconds.toFixed(1).padStart(6)} s  ${(bytes / MB / r.seconds).toFixed(1).padStart(6)} MiB/s  peak RSS ${(r.maxRssKb / 1024).toFixed(0).padStart(4)} MiB`);
    }
    const base = results[0];
    console.log('');
    for (const r of results.slice(1)) {
      console.log(`${r.mode}: ${(base.seconds / r.seconds).toFixed(2)}× csv-parse's speed${r.maxRssKb / 1024 < 200 ? '' : ' — peak RSS over the 200 MiB target'}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Streams the emulator's generator to disk with backpressure; returns the data-row count. */
async function generate(file, targetBytes) {
  const { settlementFile, settlementRows } = await import('../dist/emulator/files/settlement-file.js');
  const base = { seed: 1, sellerId: 'A3BENCHSELLER', settlementId: '9876543210', start: new Date('2026-10-01T00:00:00Z'), end: new Date('2026-10-31T00:00:00Z') };
  // Size one sample to pick a row count that lands near the target.
  let sample = 0;
  let n = 0;
  for (const r of settlementRows({ ...base, rows: 2000 })) {
    sample += Object.values(r).reduce((s, v) => s + Buffer.byteLength(v) + 3, 0);
    n++;
  }
  const rows = Math.max(1, Math.ceil(targetBytes / (sample / n)));
  const out = createWriteStream(file, { highWaterMark: 4 * MB });
  for (const chunk of settlementFile({ ...base, rows })) {
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return rows + 2; // + Reserve and Transfer
}

function runChild(mode, file, dir) {
  return new Promise((resolve, reject) => {
    const c = fork(new URL(import.meta.url).pathname, ['child', mode, file, dir], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    c.once('message', (m) => resolve({ mode, ...m }));
    c.once('error', reject);
    c.once('exit', (code) => {
      if (code !== 0) reject(new Error(`${mode} exited ${code}`));
    });
  });
}

async function child(mode, file, dir) {
  const t0 = performance.now();
  let rows = 0;
  if (mode === 'csv-parse') {
    const { parse } = await import('csv-parse');
    // csv-parse at its fastest for this file: skip the BOM, the 5-line preamble and the header
    // (from_line 7), so every record has 15 cells. With relax_column_count instead it builds an
    // inconsistent-length error for every row and runs ~4x slower: not a fair baseline.
    const parser = createReadStream(file, { highWaterMark: 64 * 1024 }).pipe(parse({ bom: true, from_line: 7 }));
    for await (const record of parser) if (record.length === 15) rows++;
  } else if (mode === 'ours:parse') {
    const { parseReportFile } = await import('../dist/reports/parse-report-file.js');
    const parsed = parseReportFile(file);
    for await (const batch of parsed.batches()) rows += batch.length;
    if (parsed.summary.warningCount !== 0) throw new Error(`unexpected warnings: ${JSON.stringify(parsed.summary.warnings.slice(0, 3))}`);
  } else {
    const { openStore } = await import('../dist/store/open-store.js');
    const { importReportFile } = await import('../dist/import/import-report-file.js');
    const store = openStore(join(dir, 'bench.db'));
    const result = await importReportFile(store.db, { reportId: 'BENCH', reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_' }, file);
    rows = result.rows;
    store.close();
    rmSync(join(dir, 'bench.db'), { force: true });
  }
  const seconds = (performance.now() - t0) / 1000;
  process.send({ rows, seconds, maxRssKb: process.resourceUsage().maxRSS });
}
