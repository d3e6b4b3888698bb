import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, utimesSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StoreError } from '../../../src/errors.js';
import { acquireSyncLock } from '../../../src/store/sqlite/lock.js';

let dir: string;
let db: string;
const now = () => new Date('2026-11-01T10:00:00Z');
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'apr-lock-'));
  db = join(dir, 'a.db');
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''], { stdio: 'ignore' });
  return child.pid ?? 0;
}

describe('acquireSyncLock', () => {
  it('writes a 0600 lock file describing the holder and removes it on release', () => {
    const lock = acquireSyncLock(db, { now, owner: { command: 'amazon-pay-reports sync' } });
    expect(lock.path).toBe(`${db}.lock`);
    expect(statSync(lock.path).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(lock.path, 'utf8'))).toMatchObject({
      pid: process.pid,
      hostname: hostname(),
      startedAt: '2026-11-01T10:00:00Z',
      command: 'amazon-pay-reports sync',
    });
    lock.release();
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('a second sync is refused with a message naming the holder', () => {
    const first = acquireSyncLock(db, { now, owner: { command: 'amazon-pay-reports sync' } });
    let caught: unknown;
    try {
      acquireSyncLock(db, { now });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(StoreError);
    const message = (caught as Error).message;
    expect(message).toContain(`another sync holds ${db}`);
    expect(message).toContain(`pid ${process.pid} on ${hostname()}`);
    expect(message).toContain('since 2026-11-01T10:00:00Z');
    expect(message).toContain(`remove ${db}.lock if that process is gone`);
    first.release();
    acquireSyncLock(db, { now }).release();
  });

  it('takes over the lock of a process that died (kill -9 leftover)', () => {
    const pid = deadPid();
    writeFileSync(`${db}.lock`, JSON.stringify({ pid, hostname: hostname(), startedAt: '2026-10-01T00:00:00Z', command: 'sync' }));
    const lock = acquireSyncLock(db, { now });
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('takes over a dead run whose pid this process now has (containers reuse pids), yet still refuses one this process holds', () => {
    // A cron job in a fresh container: the killed run and this one both got the same pid.
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: '2026-10-01T00:00:00Z', command: 'sync', token: 'killed-run' }));
    const lock = acquireSyncLock(db, { now });
    expect(JSON.parse(readFileSync(`${db}.lock`, 'utf8'))).toMatchObject({ pid: process.pid, startedAt: '2026-11-01T10:00:00Z' });
    expect(() => acquireSyncLock(db, { now })).toThrow(/another sync holds/);
    lock.release();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('does not judge a lock from another host by its pid', () => {
    writeFileSync(`${db}.lock`, JSON.stringify({ pid: deadPid(), hostname: 'elsewhere', startedAt: '2026-10-01T00:00:00Z', command: 'sync' }));
    expect(() => acquireSyncLock(db, { now })).toThrow(/on elsewhere/);
  });

  it('an unreadable lock is respected while fresh and taken over once older than a minute', () => {
    const path = `${db}.lock`;
    writeFileSync(path, '{"pid":');
    const fresh = new Date(now().getTime() - 5_000);
    utimesSync(path, fresh, fresh);
    expect(() => acquireSyncLock(db, { now })).toThrow(/cannot be read/);
    const old = new Date(now().getTime() - 120_000);
    utimesSync(path, old, old);
    const lock = acquireSyncLock(db, { now });
    expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ pid: process.pid });
    lock.release();
  });

  it('release leaves a lock that is no longer ours', () => {
    const lock = acquireSyncLock(db, { now });
    const other = JSON.stringify({ pid: process.pid, hostname: hostname(), startedAt: 'x', command: 'other', token: 'theirs' });
    writeFileSync(lock.path, other);
    lock.release();
    expect(readFileSync(lock.path, 'utf8')).toBe(other);
  });
});
