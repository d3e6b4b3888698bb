import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import type { Emulator } from '../../src/emulator/types.js';
import { openStore } from '../../src/store/open-store.js';
import { json, runCli } from '../cli/run-cli.js';
import { startPostgres, type PostgresCluster } from '../helpers/postgres-cluster.js';
import { filesUnder } from '../sync/helpers.js';
import { shiftedClock } from '../helpers/shifted-clock.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'amazon-pay-reports.js');
const MERCHANTS = 5;

let cluster: PostgresCluster;
let emulator: Emulator;
let dir: string;
const names: string[] = [];
const keyIds = new Map<string, string>();

beforeAll(async () => {
  cluster = await startPostgres();
  dir = mkdtempSync(join(tmpdir(), 'apr-worker-'));
  const merchants = [];
  for (let i = 0; i < MERCHANTS; i++) {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const name = `shop-${i}`;
    const publicKeyId = `LIVE-SHOP${i}KEY0000000000`;
    writeFileSync(join(dir, `${name}.pem`), privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    merchants.push({ publicKeyId, publicKey: privateKey, sellerId: `A${i}SELLER0000001` });
    names.push(name);
    keyIds.set(name, publicKeyId);
  }
  // Faults on: the workers' syncs retry through them and still end with every report once.
  emulator = await createEmulator({ seed: 11, days: 6, merchants, faults: { 429: 0.05, 500: 0.03, reset: 0.02 } });
}, 60_000);
afterAll(async () => {
  await emulator?.close();
  cluster?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const db = () => ['--db', cluster.url];


/** Whether the merchant's store rows and files equal its own emulator history (and nobody else's). */
async function matches(name: string, out: string): Promise<string[]> {
  const problems: string[] = [];
  const want = emulator.reports(keyIds.get(name)).filter((r) => r.processingStatus === 'COMPLETED');
  const store = await openStore(cluster.url, { merchant: name, readOnly: true });
  try {
    const stored = await store.listReports({ downloaded: true });
    const ids = (list: Array<{ reportId: string }>) => list.map((r) => r.reportId).sort();
    if (JSON.stringify(ids(stored)) !== JSON.stringify(ids(want))) problems.push(`${name}: stored ${stored.length} reports, emulator has ${want.length}`);
    const files = await filesUnder(join(out, name));
    if (files.size !== want.length) problems.push(`${name}: ${files.size} files for ${want.length} reports`);
    for (const r of want) {
      const row = stored.find((s) => s.reportId === r.reportId);
      const doc = await emulator.documentSha256(r.reportDocumentId ?? '');
      if (row && row.sha256 !== doc.sha256) problems.push(`${name}: ${r.reportId} differs`);
    }
    if ((await store.listImports()).length !== want.length) problems.push(`${name}: imports missing`);
  } finally {
    await store.close();
  }
  return problems;
}

describe('merchants', () => {
  it('add, list, show; a name that exists, a missing key file, a SQLite --db: one line, exit 2, nothing changed', async () => {
    for (const name of names) {
      const r = await runCli(['merchants', 'add', name, '--public-key-id', keyIds.get(name)!, '--private-key', join(dir, `${name}.pem`),
        '--endpoint', emulator.url, '--every', '6h', ...db()]);
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
    }
    const list = json<Array<{ name: string; privateKeyFile: string }>>(await runCli(['merchants', 'list', '--json', ...db()]));
    expect(list.map((m) => m.name)).toEqual(names);
    expect(JSON.stringify(list)).not.toMatch(/BEGIN|PRIVATE KEY/);
    expect(json<{ publicKeyId: string }>(await runCli(['merchants', 'show', 'shop-1', '--json', ...db()])).publicKeyId).toBe(keyIds.get('shop-1'));

    const again = await runCli(['merchants', 'add', 'shop-1', '--public-key-id', 'LIVE-X', '--private-key', join(dir, 'shop-1.pem'), ...db()]);
    expect([again.code, again.stderr]).toEqual([2, 'amazon-pay-reports: a merchant named shop-1 exists already: pick another name, or `merchants remove shop-1` first\n']);
    const noKey = await runCli(['merchants', 'add', 'shop-x', '--public-key-id', 'LIVE-X', '--private-key', join(dir, 'nope.pem'), ...db()]);
    expect(noKey.code).toBe(2);
    expect(noKey.stderr).toMatch(/^amazon-pay-reports: --private-key .*nope\.pem: no readable file there/);
    const lite = await runCli(['merchants', 'list', '--db', join(dir, 'x.db')]);
    expect(lite.code).toBe(2);
    expect(lite.stderr).toMatch(/merchants list needs a PostgreSQL store: pass --db postgres:/);
    const unknown = await runCli(['merchants', 'show', 'nobody', ...db()]);
    expect(unknown.stderr).toMatch(/no merchant named nobody: the merchants are shop-0, shop-1/);
    expect(json<unknown[]>(await runCli(['merchants', 'list', '--json', ...db()]))).toHaveLength(MERCHANTS);
  });

  it('a worker against a database never set up: one line, exit 2', async () => {
    const r = await runCli(['worker', '--db', cluster.url.replace(/\/postgres$/, '/template1'), '--out', join(dir, 'x')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/holds no amazon-pay-reports store yet/);
  });

  it('3 workers, one killed with SIGKILL twice mid-job: every merchant ends with exactly its own history, nothing twice', async () => {
    const out = join(dir, 'out');
    const workers: ChildProcess[] = [];
    const startWorker = (): ChildProcess => {
      const child = spawn(process.execPath, [bin, 'worker', '--db', cluster.url, '--out', out, '--concurrency', '2', '--job-timeout', '3'], {
        stdio: ['ignore', 'ignore', 'pipe'], env: { PATH: process.env['PATH'] ?? '', ...shiftedClock() },
      });
      workers.push(child);
      return child;
    };
    const ready = (child: ChildProcess): Promise<void> => new Promise((resolve, reject) => {
      let err = '';
      child.stderr?.on('data', (d: Buffer) => {
        err += d.toString();
        if (err.includes('worker ready')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`worker exited ${String(code)}: ${err}`)));
    });
    try {
      const victim = startWorker();
      await Promise.all([ready(victim), ready(startWorker()), ready(startWorker())]);
      const queued = await runCli(['merchants', 'sync', '--all', '--json', ...db()]);
      expect(queued.code).toBe(0);
      // Kill one worker as soon as downloads flow, then again once it is replaced.
      for (const target of [victim, undefined]) {
        const from = emulator.requests.filter((q) => q.operation === 'download').length;
        const deadline = Date.now() + 30_000;
        while (emulator.requests.filter((q) => q.operation === 'download').length < from + 3 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
        (target ?? workers[workers.length - 1])?.kill('SIGKILL');
        startWorker();
      }
      // A killed worker's job is retried once its timeout passes; enqueue again for good measure (deduplicated per merchant).
      let problems: string[] = ['not checked'];
      const deadline = Date.now() + 90_000;
      while (problems.length > 0 && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 1000));
        await runCli(['merchants', 'sync', '--all', ...db()]);
        problems = [];
        for (const name of names) problems.push(...await matches(name, out));
      }
      expect(problems).toEqual([]);
      // No merchant's files under another's folder, no temp files left behind.
      expect(readdirSync(out).sort()).toEqual([...names].sort());
      for (const name of names) expect([...(await filesUnder(join(out, name))).keys()].filter((f) => f.includes('.part'))).toEqual([]);
    } finally {
      for (const w of workers) w.kill('SIGTERM');
      await Promise.all(workers.map((w) => (w.exitCode !== null || w.signalCode !== null ? Promise.resolve() : new Promise<void>((r) => w.once('exit', () => r())))));
    }
    expect(existsSync(out)).toBe(true);
  }, 150_000);

  it('status shows every merchant with its reports and last run', async () => {
    const rows = json<Array<{ merchant: string; reports: number; lastRun: string | null }>>(await runCli(['status', '--json', ...db()]));
    expect(rows.map((r) => r.merchant)).toEqual(names);
    for (const r of rows) {
      expect(r.reports).toBe(emulator.reports(keyIds.get(r.merchant)).filter((x) => x.processingStatus === 'COMPLETED').length);
      expect(r.lastRun).not.toBeNull();
    }
  });

  it('store commands take --merchant, and say which merchants exist when it is missing or wrong', async () => {
    const missing = await runCli(['settlements', ...db()]);
    expect([missing.code, missing.stderr]).toEqual([2, `amazon-pay-reports: this store holds several merchants: pass --merchant NAME (one of ${names.join(', ')})\n`]);
    const wrong = await runCli(['reconcile', '--merchant', 'nobody', ...db()]);
    expect(wrong.stderr).toMatch(/no merchant named nobody: the merchants are shop-0/);
    const one = await runCli(['settlements', '--json', '--merchant', 'shop-1', ...db()]);
    expect(one.code).toBe(0);
    const rows = json<Array<{ sellerId: string }>>(one);
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.sellerId))).toEqual(new Set(['A1SELLER0000001']));
    const lite = await runCli(['settlements', '--merchant', 'shop-1', '--db', join(dir, 'x.db')]);
    expect(lite.code).toBe(2);
    expect(lite.stderr).toMatch(/--merchant picks a ledger in a PostgreSQL store/);
  });

  it('remove keeps the history; --purge deletes it', async () => {
    expect((await runCli(['merchants', 'remove', 'shop-4', ...db()])).code).toBe(0);
    const kept = await openStore(cluster.url, { merchant: 'shop-4', readOnly: true });
    expect((await kept.listReports()).length).toBeGreaterThan(0);
    await kept.close();
    expect((await runCli(['merchants', 'add', 'shop-4', '--public-key-id', keyIds.get('shop-4')!, '--private-key', join(dir, 'shop-4.pem'), ...db()])).code).toBe(0);
    expect((await runCli(['merchants', 'remove', 'shop-4', '--purge', ...db()])).code).toBe(0);
    const purged = await openStore(cluster.url, { merchant: 'shop-4', readOnly: true });
    expect(await purged.listReports()).toEqual([]);
    await purged.close();
  });
});
