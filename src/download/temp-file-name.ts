import { createHash, randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { basename } from 'node:path';

/** Who wrote a temp file, read back from its name. */
export interface TempOwner {
  pid: number;
  /** 8 hex of the writer's host name hash: a pid only means something on its own host. */
  host: string;
}

const HOST = createHash('sha256').update(hostname()).digest('hex').slice(0, 8);
/** `.<name>.<pid>-<host>-<16 hex>.part` and `….out.part`. */
const OWNED = /^\..+\.(\d{1,10})-([0-9a-f]{8})-[0-9a-f]{16}(\.out)?\.part$/;
/** The name before owners were recorded: `.<name>.<16 hex>.part`. */
const UNOWNED = /^\..+\.[0-9a-f]{16}(\.out)?\.part$/;

/** The stem of a download's temp files next to `finalPath`: owning pid, host and a random token. */
export function tempStem(finalPath: string): string {
  return `.${basename(finalPath)}.${process.pid}-${HOST}-${randomBytes(8).toString('hex')}`;
}

/** The owner a temp file's name records; `null` for an unowned temp name; undefined if it is not a temp file at all. */
export function tempOwner(name: string): TempOwner | null | undefined {
  const m = OWNED.exec(name);
  if (m) return { pid: Number(m[1]), host: m[2] as string };
  return UNOWNED.test(name) ? null : undefined;
}

/** True when the owner is a process on this host that is gone (a killed download's leftover). */
export function ownerIsGone(owner: TempOwner): boolean {
  if (owner.host !== HOST || owner.pid === process.pid) return false;
  try {
    process.kill(owner.pid, 0);
    return false;
  } catch (error) {
    // EPERM: it exists, under another user.
    return (error as { code?: unknown }).code === 'ESRCH';
  }
}
