import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import { MIGRATIONS } from '../../../src/store/sqlite/migrations.js';
import { openStore } from '../../../src/store/open-store.js';
import { configureConnection } from '../../../src/store/sqlite/open-sqlite-store.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'apr-store-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('openStore', () => {
  it('creates the database and its WAL files owner-only (0600)', async () => {
    const path = join(dir, 'sub', 'ledger.db');
    const store = await openStore(path);
    await store.setCheckpoint('x', 'y'); // a write, so the -wal file exists
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      expect(existsSync(file), file).toBe(true);
      expect(statSync(file).mode & 0o777, file).toBe(0o600);
    }
    await store.close();
  });

  it('uses WAL, synchronous=FULL and foreign keys', () => {
    const db = new Database(join(dir, 'a.db'));
    configureConnection(db);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(2);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(Number(db.pragma('busy_timeout', { simple: true }))).toBeGreaterThan(0);
    db.close();
  });

  it('migrates to the latest version once; reopening is idempotent and keeps data', async () => {
    const path = join(dir, 'a.db');
    const first = await openStore(path);
    await first.setCheckpoint('reports.createdSince', '2026-01-01T00:00:00Z');
    await first.close();
    const second = await openStore(path);
    expect(await second.getCheckpoint('reports.createdSince')).toBe('2026-01-01T00:00:00Z');
    await second.close();
    const raw = new Database(path, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length);
    const tables = raw.prepare<[], { name: string }>("SELECT name FROM sqlite_master WHERE type = 'table'").all().map((t) => t.name);
    expect(tables).toEqual(expect.arrayContaining(['reports', 'sync_runs', 'checkpoint', 'disbursements', 'store_meta']));
    raw.close();
  });

  it('leaves an existing file mode alone', async () => {
    const path = join(dir, 'shared.db');
    await (await openStore(path)).close();
    const before = statSync(path).mode & 0o777;
    await (await openStore(path)).close();
    expect(statSync(path).mode & 0o777).toBe(before);
  });

  it('refuses a file that is not a database and leaves it byte for byte untouched', async () => {
    const path = join(dir, 'notes.db');
    const junk = Buffer.from('these are my accounting notes, not a database\n'.repeat(200));
    writeFileSync(path, junk);
    let caught: unknown;
    try {
      await openStore(path);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreError);
    expect((caught as Error).message).toContain(path);
    expect((caught as Error).message).toMatch(/move it aside|restore a backup/);
    expect(readFileSync(path).equals(junk)).toBe(true);
  });

  it('refuses a database whose pages are corrupt, without writing to it', async () => {
    const path = join(dir, 'broken.db');
    const raw = new Database(path);
    raw.exec('CREATE TABLE t (x TEXT); INSERT INTO t VALUES (randomblob(100000));');
    raw.close();
    const bytes = readFileSync(path);
    // Keep the 100-byte header, scribble over the schema page and beyond.
    bytes.fill(0xab, 100, 4096 * 2);
    writeFileSync(path, bytes);
    await expect(openStore(path)).rejects.toThrow(StoreError);
    expect(readFileSync(path).equals(bytes)).toBe(true);
  });

  it('corruption found after opening surfaces as a StoreError from the method', async () => {
    const path = join(dir, 'late.db');
    const store = await openStore(path);
    await store.upsertListedReports(Array.from({ length: 2000 }, (_, i) => (
      { reportId: `R-${i}`, reportType: 'T', processingStatus: 'COMPLETED', createdTime: '2026-10-01T00:00:00Z' })));
    await store.close();
    const bytes = readFileSync(path);
    const pageSize = bytes.readUInt16BE(16);
    // Scribble over the second half of the file: table pages, not the schema page.
    bytes.fill(0xab, pageSize * Math.ceil(bytes.length / pageSize / 2));
    writeFileSync(path, bytes);
    const reopened = await openStore(path);
    await expect(reopened.listReports()).rejects.toThrow(StoreError);
    await expect(reopened.listReports()).rejects.toThrow(/is not a usable database/);
    await reopened.close();
  });

  it('a write while another connection holds the write lock is a StoreError saying so', async () => {
    const path = join(dir, 'busy.db');
    await (await openStore(path)).close();
    const other = new Database(path);
    other.exec('BEGIN IMMEDIATE');
    const store = await openStore(path, { busyTimeoutMs: 0 });
    await expect(store.setCheckpoint('c', 'v')).rejects.toThrow(`${path} is locked by another process`);
    other.exec('ROLLBACK');
    await store.setCheckpoint('c', 'v');
    expect(await store.getCheckpoint('c')).toBe('v');
    await store.close();
    other.close();
  });

  it('refuses a database written by a newer version', async () => {
    const path = join(dir, 'future.db');
    const raw = new Database(path);
    raw.pragma(`user_version = ${MIGRATIONS.length + 5}`);
    raw.close();
    await expect(openStore(path)).rejects.toThrow(/newer than this version/);
    const again = new Database(path);
    expect(again.pragma('user_version', { simple: true })).toBe(MIGRATIONS.length + 5);
    again.close();
  });

  it('names the file when its folder cannot be created', async () => {
    // A path under a regular file fails for every user, root included.
    const blocker = join(dir, 'file');
    writeFileSync(blocker, 'x');
    await expect(openStore(join(blocker, 'a.db'))).rejects.toThrow(/file\/a\.db/);
  });
});
