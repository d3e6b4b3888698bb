import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { closedPortUrl, json, runCli, startEmulator, type EmulatorFixture } from '../cli/run-cli.js';
import { startPostgres, type PostgresCluster } from '../helpers/postgres-cluster.js';
import { compareWithEmulator, fixedClock } from '../sync/helpers.js';
import { settlementTimeAwayFromNow } from '../helpers/settlement-time.js';

let cluster: PostgresCluster;
let f: EmulatorFixture;
let dir: string;
beforeAll(async () => {
  cluster = await startPostgres();
  f = await startEmulator({ days: 6, settlementTimeOfDaySeconds: settlementTimeAwayFromNow() });
  dir = mkdtempSync(join(tmpdir(), 'apr-pg-cli-'));
}, 60_000);
afterAll(async () => {
  await f.emulator.close();
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
});

describe('--db postgres://', () => {
  it('sync, settlements and reconcile work on PostgreSQL exactly as on SQLite', async () => {
    const out = join(dir, 'pg-reports');
    const sync = await runCli(['sync', '--json', '--db', cluster.url, '--out', out, ...f.args], f.env);
    expect(sync.stderr).toBe('');
    expect(sync.code).toBe(0);
    expect(json<{ db: string }>(sync).db).not.toContain(cluster.password);
    const store = await openStore(cluster.url);
    try {
      expect(await compareWithEmulator(f.emulator, store, out)).toEqual([]);
    } finally {
      await store.close();
    }
    const sqlite = join(dir, 'store.db');
    expect((await runCli(['sync', '--db', sqlite, '--out', join(dir, 'sqlite-reports'), ...f.args], f.env)).code).toBe(0);
    for (const command of [['settlements', '--json'], ['export', 'rows', '--format', 'ndjson']]) {
      const pg = await runCli([...command, '--db', cluster.url]);
      const lite = await runCli([...command, '--db', sqlite]);
      expect(pg.code).toBe(0);
      expect(pg.stdout.length).toBeGreaterThan(100);
      expect(pg.stdout.replaceAll('pg-reports', 'X')).toBe(lite.stdout.replaceAll('sqlite-reports', 'X'));
    }
    const reconcile = await runCli(['reconcile', '--db', cluster.url]);
    expect(reconcile.stdout).toMatch(/everything ties out/);
    expect(reconcile.code).toBe(0);
  });

  it('sync --backfill records, resumes and imports on PostgreSQL as on SQLite', async () => {
    const clock = fixedClock('2026-11-20T12:00:00Z');
    const e = await startEmulator({ now: clock.now, reportDelayMs: 0, accountOpened: '2026-09-01' });
    try {
      const run = (db: string, extra: string[] = []) => runCli(
        ['sync', '--backfill', '2026-08-01', '--type', 'refund', '--json', '--db', db, '--out', join(dir, 'bf-reports'), ...extra, ...e.args], e.env, { now: clock.now },
      );
      const first = await run(cluster.url, ['--merchant', 'backfill']);
      expect(first.stderr).toBe('');
      expect(json(first)).toMatchObject({ requested: 3, imported: 2, cancelled: 1, failed: 0 });
      expect(json(await run(cluster.url, ['--merchant', 'backfill']))).toMatchObject({ requested: 0, alreadyDone: 3, apiCalls: 0 });
      const pg = await openStore(cluster.url, { merchant: 'backfill' });
      const lite = join(dir, 'backfill.db');
      expect((await run(lite)).code).toBe(0);
      const sqlite = await openStore(lite);
      try {
        const view = async (st: typeof pg) => (await st.listBackfillRequests()).map((r) => [r.startTime, r.endTime, r.state, r.reportId]);
        expect(await view(pg)).toHaveLength(3);
        // Both engines see the same three months and outcomes (the emulator replays the key: the same report ids too).
        expect(await view(sqlite)).toEqual(await view(pg));
      } finally {
        await pg.close();
        await sqlite.close();
      }
    } finally {
      await e.emulator.close();
    }
  });

  it("merchants in one database never see each other's rows", async () => {
    const a = await openStore(cluster.url, { merchant: 'shop-a' });
    const b = await openStore(cluster.url, { merchant: 'shop-b' });
    try {
      await a.upsertListedReports([{ reportId: 'R-A', reportType: 'T', processingStatus: 'COMPLETED', createdTime: '2026-10-01T00:00:00Z' }]);
      await a.setCheckpoint('reports', 'a');
      expect(await b.listReports()).toEqual([]);
      expect(await b.getCheckpoint('reports')).toBeUndefined();
      expect((await a.listReports()).map((r) => r.reportId)).toEqual(['R-A']);
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('a wrong password, an unreachable server and a missing database: one line each, exit 2 or 1, no password shown', async () => {
    const wrong = cluster.url.replace(cluster.password, 'not-the-password');
    const r1 = await runCli(['settlements', '--db', wrong]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/^amazon-pay-reports: the database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:\d+\/postgres refused the login .*check the user and password/);
    expect(r1.stderr).not.toContain('not-the-password');
    expect(r1.stderr.trim().split('\n')).toHaveLength(1);

    const closed = (await closedPortUrl()).replace('http://', 'postgres://u:secret@');
    const r2 = await runCli(['settlements', '--db', `${closed}/x`]);
    expect(r2.code).toBe(1);
    expect(r2.stderr).toMatch(/cannot reach the database at .* \(ECONNREFUSED\): check the host and port/);
    expect(r2.stderr).not.toContain('secret');

    const r3 = await runCli(['reconcile', '--db', cluster.url.replace(/\/postgres$/, '/nosuchdb')]);
    expect(r3.code).toBe(2);
    expect(r3.stderr).toMatch(/database "nosuchdb" does not exist .*createdb/);
  });

  it('a reading command on a database never set up says so and creates nothing', async () => {
    const created = await runCli(['settlements', '--db', cluster.url.replace(/\/postgres$/, '/template1')]);
    expect(created.code).toBe(2);
    expect(created.stderr).toMatch(/holds no amazon-pay-reports store yet: run `amazon-pay-reports sync` .* once to set it up/);
  });
});
