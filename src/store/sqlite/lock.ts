import { randomUUID } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { formatIso } from '../../dates.js';
import { LockHeldError, StoreError } from '../../errors.js';
import { redact } from '../../redact.js';

/** Who holds a sync lock; the JSON body of `<db>.lock`. */
export interface LockHolder {
  pid: number;
  hostname: string;
  startedAt: string;
  command: string;
  /** Random per acquisition, so release never removes someone else's lock. */
  token?: string;
}

export interface SyncLockOptions {
  now: () => Date;
  /** Overrides for the holder record (defaults: this process). */
  owner?: Partial<Omit<LockHolder, 'token' | 'startedAt'>>;
  /** Whether a pid on this host is running (default: signal 0). */
  isAlive?: (pid: number) => boolean;
  /** An unreadable lock younger than this may still be being written (default 60 s). */
  unreadableGraceMs?: number;
}

/** A held lock. */
export interface SyncLock {
  readonly path: string;
  /** Removes the lock file if it is still ours; safe to call twice. */
  release(): void;
}

/** Tokens of the locks this process holds: a lock naming our own pid is ours only if its token is here. */
const heldHere = new Set<string>();

/** Takes `<dbPath>.lock` exclusively; StoreError naming the holder when a live sync has it, takeover when it is dead. */
export function acquireSyncLock(dbPath: string, options: SyncLockOptions): SyncLock {
  const lockPath = `${dbPath}.lock`;
  const isAlive = options.isAlive ?? pidAlive;
  const host = osHostname();
  const mine: LockHolder = {
    pid: options.owner?.pid ?? process.pid,
    hostname: options.owner?.hostname ?? host,
    startedAt: formatIso(options.now()),
    // Shown to whoever meets the lock: redacted, bounded.
    command: redact(options.owner?.command ?? process.argv.slice(1).join(' ')).slice(0, 300),
    token: randomUUID(),
  };
  const body = `${JSON.stringify(mine)}\n`;
  for (let round = 0; round < 5; round++) {
    try {
      writeFileSync(lockPath, body, { flag: 'wx', mode: 0o600 });
      return heldLock(lockPath, mine.token ?? '');
    } catch (error) {
      if (codeOf(error) !== 'EEXIST') throw new StoreError(`cannot create the lock ${lockPath}: ${messageOf(error)}`, { cause: error });
    }
    const seen = readLock(lockPath);
    if (!seen) continue; // released between our attempt and our look
    const { holder, ino, mtimeMs } = seen;
    if (holder) {
      // Our own pid in a lock we do not hold: a killed run whose pid was reused for us (a container's cron job).
      const reusedPid = holder.pid === process.pid && !(holder.token !== undefined && heldHere.has(holder.token));
      if (holder.hostname !== host || (!reusedPid && isAlive(holder.pid))) throw heldBy(dbPath, lockPath, holder);
    } else if (options.now().getTime() - mtimeMs < (options.unreadableGraceMs ?? 60_000)) {
      throw new StoreError(
        `${lockPath} exists but cannot be read (another sync may be starting); wait and retry, or remove ${lockPath} if no sync is running`,
      );
    }
    takeOver(lockPath, ino);
  }
  throw new StoreError(`could not take ${lockPath}: other processes keep replacing it; wait for them and retry`);
}

function heldLock(lockPath: string, token: string): SyncLock {
  let released = false;
  heldHere.add(token);
  return {
    path: lockPath,
    release() {
      if (released) return;
      released = true;
      heldHere.delete(token);
      const seen = readLock(lockPath);
      if (seen?.holder?.token === token) unlinkQuiet(lockPath);
    },
  };
}

/**
 * Moves a dead holder's lock aside by rename (atomic: of two processes taking over, one wins). If
 * the file we moved is not the one we judged dead (another process replaced it meanwhile), we put
 * it back with link(), which cannot overwrite a newer lock.
 */
function takeOver(lockPath: string, judgedIno: number): void {
  const aside = `${lockPath}.stale-${randomUUID()}`;
  try {
    renameSync(lockPath, aside);
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return; // someone else moved it first
    throw new StoreError(`cannot take over the stale lock ${lockPath}: ${messageOf(error)}`, { cause: error });
  }
  try {
    if (statSync(aside).ino !== judgedIno) {
      try {
        linkSync(aside, lockPath);
      } catch {
        // a newer lock exists already; the loop will meet it
      }
    }
  } finally {
    unlinkQuiet(aside);
  }
}

function readLock(lockPath: string): { holder: LockHolder | undefined; ino: number; mtimeMs: number } | undefined {
  try {
    const stat = statSync(lockPath);
    return { holder: parseHolder(readFileSync(lockPath, 'utf8')), ino: stat.ino, mtimeMs: stat.mtimeMs };
  } catch (error) {
    if (codeOf(error) === 'ENOENT') return undefined;
    throw new StoreError(`cannot read the lock ${lockPath}: ${messageOf(error)}`, { cause: error });
  }
}

function parseHolder(text: string): LockHolder | undefined {
  try {
    const v = JSON.parse(text) as Partial<LockHolder>;
    if (typeof v.pid !== 'number' || !Number.isInteger(v.pid) || v.pid <= 0 || typeof v.hostname !== 'string') return undefined;
    return {
      pid: v.pid,
      hostname: v.hostname,
      startedAt: typeof v.startedAt === 'string' ? v.startedAt : 'an unknown time',
      command: typeof v.command === 'string' ? v.command : '',
      ...(typeof v.token === 'string' ? { token: v.token } : {}),
    };
  } catch {
    return undefined;
  }
}

function heldBy(dbPath: string, lockPath: string, h: LockHolder): StoreError {
  const cmd = h.command ? `, running "${h.command}"` : '';
  return new LockHeldError(
    `another sync holds ${dbPath} (pid ${h.pid} on ${h.hostname}, since ${h.startedAt}${cmd}); wait for it or remove ${lockPath} if that process is gone`,
  );
}

/** Signal 0 checks existence without touching the process; EPERM means it exists under another user. */
function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return codeOf(error) === 'EPERM';
  }
}

function unlinkQuiet(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // already gone
  }
}

function codeOf(error: unknown): unknown {
  return (error as { code?: unknown } | undefined)?.code;
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
