import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import type { Emulator } from '../../src/emulator/types.js';
import { openStore } from '../../src/store/open-store.js';
import { syncChildSource } from './fixtures/sync-child.js';
import { compareWithEmulator, filesUnder, fixedClock } from './helpers.js';

const DIST = new URL('../../dist/', import.meta.url);
const BUILT = fileURLToPath(new URL('sync/sync.js', DIST));
const CHILD = syncChildSource(DIST);

/** mulberry32: the kill schedule is reproducible from the seed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Place {
  db: string;
  out: string;
}

let emulator: Emulator;
let dir: string;
const clock = fixedClock('2026-11-20T12:00:00Z');

beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error('the crash test runs the built package: run `npm run build` first (npm test does)');
  emulator = await createEmulator({ seed: 21, days: 30, now: clock.now, faults: '429:0.03,reset:0.02,truncate:0.03' });
  dir = await mkdtemp(join(tmpdir(), 'apr-crash-'));
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

function startChild(place: Place): { child: ChildProcess; exited: Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }> } {
  const merchant = emulator.defaultMerchant!;
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    env: {
      PATH: process.env.PATH, EMULATOR_URL: emulator.url, PUBLIC_KEY_ID: merchant.publicKeyId, PRIVATE_KEY_PEM: merchant.privateKeyPem,
      DB: place.db, OUT: place.out, NOW: clock.now().toISOString(),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/** Resolves once the emulator has served `n` more requests than `from`, or the child has exited. */
async function requestsSeen(from: number, n: number, exited: Promise<unknown>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  while (!gone && emulator.requests.length < from + n) await new Promise((r) => setTimeout(r, 1));
  return !gone;
}

/** Everything that must be equal between two stores: rows without per-run timestamps, paths relative. */
async function rows(place: Place) {
  const store = await openStore(place.db, { now: clock.now });
  try {
    return {
      reports: (await store.listReports()).map((r) => ({
        reportId: r.reportId, reportType: r.reportType, processingStatus: r.processingStatus, createdTime: r.createdTime,
        startTime: r.startTime, endTime: r.endTime, reportDocumentId: r.reportDocumentId,
        file: r.filePath === undefined ? undefined : relative(place.out, r.filePath), bytes: r.bytes, sha256: r.sha256,
      })),
      disbursements: (await store.listDisbursements()),
      checkpoint: (await store.getCheckpoint('reports')),
      // Imports too: a kill mid-import leaves the previous rows, and the rerun imports the file once.
      // In any order: files are imported as they are stored, and downloads finish in any order.
      imports: (await store.listImports()).map((i) => ({ reportId: i.reportId, sha256: i.sha256, rowCount: i.rowCount, settlementIds: i.settlementIds }))
        .sort((a, b) => a.reportId.localeCompare(b.reportId)),
      settlements: (await store.listSettlements()).map((x) => ({ ...x })),
      rowCounts: await store.settlementRowCounts(),
    };
  } finally {
    await store.close();
  }
}

describe('crash safety: SIGKILL at many points, then a rerun', () => {
  it('ends with the same files byte for byte and the same rows as an uninterrupted run; no temp files; the lock taken over', async () => {
    const reference: Place = { db: join(dir, 'ref.db'), out: join(dir, 'ref') };
    const ref = await startChild(reference).exited;
    expect(ref.stderr).toBe('');
    expect(ref.code).toBe(0);

    const crashed: Place = { db: join(dir, 'crash.db'), out: join(dir, 'crash') };
    const random = prng(4);
    let kills = 0;
    let lockLeftBehind = 0;
    for (const n of [1, 2, 3, 4, 5, 6, 8, 10, 12, 15, 18, 22, 27]) {
      const from = emulator.requests.length;
      const { child, exited } = startChild(crashed);
      const alive = await requestsSeen(from, n, exited);
      // Past the request, a random moment more: mid-download, mid-fsync, mid-rename, mid-commit.
      if (alive) await new Promise((r) => setTimeout(r, Math.floor(random() * 15)));
      const killed = child.kill('SIGKILL');
      const end = await exited;
      if (killed && end.signal === 'SIGKILL') {
        kills++;
        if (existsSync(`${crashed.db}.lock`)) lockLeftBehind++;
      } else {
        expect(end.stderr).toBe('');
      }
    }
    // How far each child gets past its kill point depends on load; most points must still land.
    expect(kills).toBeGreaterThanOrEqual(6);
    // A killed sync leaves its lock; the next one must take it over, not refuse.
    expect(lockLeftBehind).toBeGreaterThan(0);

    const last = await startChild(crashed).exited;
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);

    expect(await rows(crashed)).toEqual(await rows(reference));
    const files = await filesUnder(crashed.out);
    expect(files).toEqual(await filesUnder(reference.out));
    expect([...files.keys()].filter((name) => name.includes('.part') || /(^|\/)\./.test(name))).toEqual([]);
    expect(existsSync(`${crashed.db}.lock`)).toBe(false);

    const store = await openStore(crashed.db, { now: clock.now });
    try {
      expect(await compareWithEmulator(emulator, store, crashed.out)).toEqual([]);
    } finally {
      await store.close();
    }
  }, 180_000); // ~20 s alone; generous for a loaded 2-core machine
});
