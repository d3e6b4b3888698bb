import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { acquireSyncLock } from '../../src/store/sqlite/lock.js';
import { openStore } from '../../src/store/open-store.js';
import { json, runCli, startEmulator, type EmulatorFixture } from '../cli/run-cli.js';
import { filesUnder } from './helpers.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';

let dir: string;
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});
const tmp = async (): Promise<string> => (dir = await mkdtemp(join(tmpdir(), 'apr-sync-cli-')));

interface Summary {
  listed: number;
  downloaded: number;
  skipped: number;
  failed: number;
  apiCalls: number;
  emulator: boolean;
  db: string;
  out: string;
}

describe('sync with no credentials: the main job', () => {
  it('syncs the embedded emulator into ./demo/amazon-pay-reports.db and ./demo/reports, says so on stderr, prints what it stored', async () => {
    const cwd = await tmp();
    const r = await runCli(['sync'], {}, { cwd });
    expect(r.stderr).toMatch(/No Amazon Pay credentials are configured, so this syncs the built-in emulator's synthetic data/);
    expect(r.stderr).toMatch(/AMAZON_PAY_PUBLIC_KEY_ID and AMAZON_PAY_PRIVATE_KEY_FILE/);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toMatch(/failed/);
    expect(r.stdout).toMatch(/downloaded\s+(89|9\d)\n/); // 90 days of daily settlements, give or take the edges
    expect(r.stdout).toMatch(/_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_\s+(89|9\d)\s/);
    expect(r.stderr).toContain(`Demo data goes to ${join(cwd, 'demo', 'amazon-pay-reports.db')} and ${join(cwd, 'demo', 'reports')}`);
    expect(r.stdout).toContain(join(cwd, 'demo', 'reports'));
    // Nothing where a real store would live.
    expect(existsSync(join(cwd, 'amazon-pay-reports.db'))).toBe(false);
    expect(existsSync(join(cwd, 'reports'))).toBe(false);
    const store = await openStore(join(cwd, 'demo', 'amazon-pay-reports.db'));
    try {
      const stored = (await store.listReports({ downloaded: true }));
      expect(stored.length).toBeGreaterThanOrEqual(89);
      expect((await filesUnder(join(cwd, 'demo', 'reports'))).size).toBe(stored.length);
      expect(await store.getIdentity()).toMatchObject({ endpoint: 'emulator', environment: 'live' });
      expect((await store.listDisbursements()).length).toBeGreaterThanOrEqual(89);
      // Every file went through the import (the reconcile reads its rows).
      expect((await store.listImports()).length).toBe(stored.length);
    } finally {
      await store.close();
    }

    const again = await runCli(['sync', '--json'], {}, { cwd });
    expect(again.code).toBe(0);
    const s = json<Summary>(again);
    // The embedded emulator runs on the real clock: near 00:30 UTC a new day's settlement may
    // land between the two runs (one more download, one more call). Otherwise nothing.
    expect(s).toMatchObject({ failed: 0, emulator: true });
    expect(s.downloaded).toBeLessThanOrEqual(1);
    expect(s.apiCalls).toBeLessThanOrEqual(2 + s.downloaded);
  }, 120_000); // 90 downloads and imports: ~6 s alone, slower on a loaded machine

  it('a reading command with no store points at the demo store when that is what exists', async () => {
    const cwd = await tmp();
    await (await openStore(join(cwd, 'demo', 'amazon-pay-reports.db'))).close();
    const r = await runCli(['settlements'], {}, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`amazon-pay-reports: no store at ${join(cwd, 'amazon-pay-reports.db')}; the demo sync (no credentials) wrote ${join(cwd, 'demo', 'amazon-pay-reports.db')}: pass --db demo/amazon-pay-reports.db to look at it, or sync your account first\n`);
    expect((await runCli(['settlements', '--db', 'demo/amazon-pay-reports.db', '--json'], {}, { cwd })).code).toBe(0);
  });
});

describe('sync with half a configuration', () => {
  it('a Public Key ID without a private key is a configuration error (exit 2), not a demo run', async () => {
    const cwd = await tmp();
    const r = await runCli(['sync'], { AMAZON_PAY_PUBLIC_KEY_ID: 'LIVE-AEXAMPLE' }, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/no private key configured/);
    expect(r.stderr).not.toMatch(/emulator/);
  });

  it.each([
    [['sync', '--rate', 'fast'], {}],
    [['sync', '--rate', '0:5'], {}],
    [['sync'], { AMAZON_PAY_RATE: '2:0' }],
  ])('a bad rate ceiling (%j %j) is one usage line (exit 2) before anything starts', async (argv, env) => {
    const cwd = await tmp();
    const r = await runCli(argv, env, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/--rate .*use RATE\[:BURST\]/);
    expect(existsSync(join(cwd, 'demo'))).toBe(false);
  });
});

describe('sync and download against an emulator URL', () => {
  let f: EmulatorFixture;
  beforeAll(async () => {
    f = await startEmulator({ days: 4 });
  });
  afterAll(async () => {
    await f.emulator.close();
  });

  it('a store bound to another account: exit 2, one line naming both, no request, nothing changed', async () => {
    const cwd = await tmp();
    const db = join(cwd, 'books.db');
    const store = await openStore(db);
    await store.bindIdentity({ endpoint: 'https://pay-api.amazon.eu', region: 'eu', environment: 'live', publicKeyId: 'LIVE-AE3EXAMPLE7KEYID' });
    await store.close();
    const before = readFileSync(db);
    const requests = f.emulator.requests.length;
    const r = await runCli(['sync', '--db', db, ...f.args], f.env, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`amazon-pay-reports: the store ${db} belongs to https://pay-api.amazon.eu, region eu, live, key LIVE-AE3EXAMPLE7KEYID, not to the emulator (synthetic data), region na, live, key ${f.publicKeyId}; nothing was changed — pass --db with another file for this account\n`);
    expect(f.emulator.requests.length).toBe(requests);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('the demo sync (no credentials) pointed at a real store refuses it', async () => {
    const cwd = await tmp();
    const db = join(cwd, 'books.db');
    expect((await runCli(['sync', '--db', db, '--type', 'settlement', ...f.args], f.env, { cwd })).code).toBe(0);
    const r = await runCli(['sync', '--db', db], {}, { cwd });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/belongs to the emulator \(synthetic data\), region na, live, key EMUAAJ5MS5IVYPMJJ543UIF4, merchant \w+, not to the emulator \(synthetic data\), region na, live, key EMUOEHPB1Z7MGEPQLN24GPOC; nothing was changed/);
  });

  it('sync --json prints the summary object; download --json prints reportId, path, bytes, sha256', async () => {
    const cwd = await tmp();
    const r = await runCli(['sync', '--json', '--type', 'settlement', '--concurrency', '2', ...f.args], f.env, { cwd });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = json<Summary>(r);
    expect(s).toMatchObject({ failed: 0, skipped: 0, emulator: false });
    expect(s.downloaded).toBe(s.listed);

    const report = f.emulator.reports().find((x) => x.processingStatus === 'COMPLETED');
    const d = await runCli(['download', report?.reportId ?? '', '--json', '--out', join(cwd, 'one'), ...f.args], f.env, { cwd });
    expect(d.code).toBe(0);
    const file = json<{ reportId: string; path: string; bytes: number; sha256: string }>(d);
    expect(Object.keys(file).sort()).toEqual(['bytes', 'path', 'reportId', 'sha256']);
    expect(file.sha256).toBe((await f.emulator.documentSha256(report?.reportDocumentId ?? '')).sha256);
    const plain = await runCli(['download', report?.reportId ?? '', '--out', join(cwd, 'one'), ...f.args], f.env, { cwd });
    expect(plain.stdout).toBe(`${file.path}\n`);
  });

  it('draws a progress bar only when stderr is a terminal', async () => {
    const cwd = await tmp();
    let stdout = '';
    let stderr = '';
    const { main } = await import('../../src/cli/main.js');
    const code = await main(['sync', ...f.args], {
      stdout: { write: (t: string) => (stdout += t) },
      stderr: { write: (t: string) => (stderr += t), isTTY: true, columns: 100 },
      env: f.env,
      cwd,
    });
    expect(code).toBe(0);
    expect(stderr).toMatch(/downloading .* \d+\/\d+ reports/);
    expect(stdout).toMatch(/downloaded\s+\d+/);
    expect(stdout).not.toContain('downloading');
  });

  it('download of a report id that does not exist: exit 1 and one clear line', async () => {
    const cwd = await tmp();
    const r = await runCli(['download', 'NOSUCHREPORT0000000', ...f.args], f.env, { cwd });
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/report NOSUCHREPORT0000000 does not exist/);
  });

  it('an unwritable --out: exit 1, one clear line, no API call, the store untouched', async () => {
    const cwd = await tmp();
    const blocker = join(cwd, 'a-file');
    writeFileSync(blocker, 'not a folder');
    const from = f.emulator.requests.length;
    const r = await runCli(['sync', '--out', join(blocker, 'reports'), ...f.args], f.env, { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/cannot write to the folder .*a-file\/reports \(ENOTDIR\).*--out/);
    expect(f.emulator.requests.length).toBe(from);
  });

  it('a corrupt database: exit 1, one clear line, the file untouched', async () => {
    const cwd = await tmp();
    const db = join(cwd, 'broken.db');
    const junk = Buffer.from('SQLite format 3\0'.padEnd(4096, '\u00ff'), 'latin1');
    writeFileSync(db, junk);
    const r = await runCli(['sync', '--db', db, ...f.args], f.env, { cwd });
    expect(r.code).toBe(1);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/broken\.db is not a usable database .* left untouched/);
    expect(readFileSync(db).equals(junk)).toBe(true);
  });

  it('a database another sync holds: exit 1, one line naming the holder', async () => {
    const cwd = await tmp();
    const db = join(cwd, 'held.db');
    const lock = acquireSyncLock(db, { now: () => new Date(), owner: { command: 'amazon-pay-reports sync (cron)' } });
    try {
      const r = await runCli(['sync', '--db', db, ...f.args], f.env, { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(new RegExp(`another sync holds .*held\\.db \\(pid ${process.pid} .*amazon-pay-reports sync \\(cron\\)`));
    } finally {
      lock.release();
    }
  });

  it('a database locked by another writer: exit 1, one line naming it, nothing stored half-way', async () => {
    const cwd = await tmp();
    const db = join(cwd, 'busy.db');
    await (await openStore(db)).close();
    const other = new Database(db);
    other.exec('BEGIN IMMEDIATE');
    try {
      const r = await runCli(['sync', '--db', db, ...f.args], f.env, { cwd });
      expect(r.code).toBe(1);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/busy\.db is locked by another process/);
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }
    const store = await openStore(db);
    try {
      expect((await store.listReports())).toEqual([]);
    } finally {
      await store.close();
    }
  });
});
