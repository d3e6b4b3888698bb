import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmulator } from '../../src/emulator/index.js';
import type { Emulator, RequestLogEntry } from '../../src/emulator/types.js';
import { REPORT_TYPES } from '../../src/report-types.js';
import { openStore } from '../../src/store/open-store.js';
import type { BackfillSummary } from '../../src/sync/backfill-types.js';
import { backfillChildSource } from './fixtures/backfill-child.js';
import { filesUnder } from './helpers.js';

const DIST = new URL('../../dist/', import.meta.url);
const BUILT = fileURLToPath(new URL('sync/backfill.js', DIST));
const CHILD = backfillChildSource(DIST);
const TYPES = [REPORT_TYPES.authorization, REPORT_TYPES.refund];
const SINCE = '2025-05-01';
/** 2025-05 .. 2026-10: the emulator's clock starts 2026-11-20, so 18 whole months lie between. */
const MONTHS = 18;

// The emulator's clock runs with the wall clock from a fixed day, so reports really are IN_PROGRESS
// for a while (the children wait for them) and the months are the same whenever the test runs.
const BASE = Date.parse('2026-11-20T12:00:00Z');
const T0 = Date.now();
const now = (): Date => new Date(BASE + Date.now() - T0);

let emulator: Emulator;
let dir: string;
beforeAll(async () => {
  if (!existsSync(BUILT)) throw new Error('the backfill crash test runs the built package: run `npm run build` first (npm test does)');
  // Resets after a create and cut-off files, but no random 429: each pauses an operation for its 1 s Retry-After.
  emulator = await createEmulator({ seed: 33, days: 5, now, reportDelayMs: 150, accountOpened: '2025-07-01', faults: 'reset:0.03,truncate:0.02' });
  dir = await mkdtemp(join(tmpdir(), 'apr-backfill-crash-'));
});
afterAll(async () => {
  await emulator.close();
  await rm(dir, { recursive: true, force: true });
});

const db = (): string => join(dir, 'store.db');
const out = (): string => join(dir, 'reports');

function startChild() {
  const merchant = emulator.defaultMerchant!;
  const child = spawn(process.execPath, ['--input-type=module', '-e', CHILD], {
    env: {
      PATH: process.env.PATH, EMULATOR_URL: emulator.url, PUBLIC_KEY_ID: merchant.publicKeyId, PRIVATE_KEY_PEM: merchant.privateKeyPem,
      DB: db(), OUT: out(), NOW: now().toISOString(), SINCE, TYPES: TYPES.join(','),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: string | null; stdout: string; stderr: string }>((resolve) => {
    child.on('exit', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, exited };
}

/** Resolves once the emulator has served `n` requests matching `which` since `from` (true), or the child has exited (false). */
async function served(from: number, n: number, which: (r: RequestLogEntry) => boolean, exited: Promise<unknown>): Promise<boolean> {
  let gone = false;
  void exited.then(() => (gone = true));
  while (!gone && emulator.requests.slice(from).filter(which).length < n) await new Promise((r) => setTimeout(r, 1));
  return !gone;
}

/** Starts a child, SIGKILLs it once `n` matching requests are served (and a few ms more), and says whether the kill landed mid-run. */
async function killAfter(n: number, which: (r: RequestLogEntry) => boolean, extraMs: number): Promise<boolean> {
  const from = emulator.requests.length;
  const { child, exited } = startChild();
  if (await served(from, n, which, exited)) await new Promise((r) => setTimeout(r, extraMs));
  child.kill('SIGKILL');
  const end = await exited;
  return end.signal === 'SIGKILL';
}

const key = (reportType: string, start: string | Date, end: string | Date): string =>
  `${reportType}|${new Date(start).toISOString()}|${new Date(end).toISOString()}`;

describe('backfill crash safety: 18 months, SIGKILLed twice mid-way, then a rerun', () => {
  it('ends with every month\'s reports created exactly once, each stored and imported once, the files the emulator serves', async () => {
    // Mid-way through the requests (a kill may fall between Amazon's answer and the store's record) …
    expect(await killAfter(12, (r) => r.operation === 'createReport', 3)).toBe(true);
    // … and mid-way through the downloads and imports.
    expect(await killAfter(6, (r) => r.operation === 'download' && r.status === 200, 7)).toBe(true);
    expect(existsSync(`${db()}.lock`)).toBe(true); // what a kill -9 leaves; the next run takes it over

    const last = await startChild().exited;
    expect(last.stderr).toBe('');
    expect(last.code).toBe(0);
    const summary = JSON.parse(last.stdout) as BackfillSummary;
    expect(summary.months).toHaveLength(MONTHS);
    expect(summary).toMatchObject({ failed: 0, pending: 0, reportsFailed: 0 });

    // The emulator made exactly one report per type and month: never a second for a range.
    const created = new Map<string, string[]>();
    for (const r of emulator.reports().filter((x) => TYPES.includes(x.reportType as (typeof TYPES)[number]))) {
      const k = key(r.reportType, r.startTime, r.endTime);
      created.set(k, [...(created.get(k) ?? []), r.reportId]);
    }
    expect(created.size).toBe(MONTHS * TYPES.length);
    expect([...created.entries()].filter(([, ids]) => ids.length !== 1)).toEqual([]);

    const store = await openStore(db(), { now });
    try {
      // Each recorded once, with the report the emulator made; the two months before the account opened CANCELLED.
      const requests = await store.listBackfillRequests();
      expect(requests).toHaveLength(MONTHS * TYPES.length);
      for (const r of requests) expect(created.get(key(r.reportType, r.startTime, r.endTime))).toEqual([r.reportId]);
      expect(requests.filter((r) => r.state === 'cancelled').map((r) => r.startTime.slice(0, 7))).toEqual(['2025-05', '2025-05', '2025-06', '2025-06']);
      expect(requests.filter((r) => r.state !== 'cancelled').every((r) => r.state === 'imported')).toBe(true);

      // Recorded as normal reports, one per type and month; each COMPLETED one's file is the emulator's bytes, imported once.
      const reports = await store.listReports({ reportTypes: TYPES });
      expect(reports).toHaveLength(MONTHS * TYPES.length);
      expect(new Set(reports.map((r) => key(r.reportType, r.startTime ?? '', r.endTime ?? ''))).size).toBe(MONTHS * TYPES.length);
      const files = await filesUnder(out());
      const completed = reports.filter((r) => r.processingStatus === 'COMPLETED');
      expect(completed).toHaveLength((MONTHS - 2) * TYPES.length);
      for (const r of completed) {
        const want = await emulator.documentSha256(r.reportDocumentId ?? '');
        expect({ id: r.reportId, sha256: r.sha256, bytes: r.bytes }).toEqual({ id: r.reportId, sha256: want.sha256, bytes: want.bytes });
        expect(files.get(relative(out(), r.filePath ?? '').split('\\').join('/'))).toBe(want.sha256);
      }
      expect(files.size).toBe(completed.length); // no temp file left, no stray file
      const imports = await store.listImports();
      expect(imports.map((i) => i.reportId).sort()).toEqual(completed.map((r) => r.reportId).sort());

      // The two killed runs are on record as interrupted, the last as ok.
      expect((await store.listRuns(3)).map((r) => r.status)).toEqual(['ok', 'interrupted', 'interrupted']);
    } finally {
      await store.close();
    }
    expect(existsSync(`${db()}.lock`)).toBe(false);
  }, 120_000); // ~5 s alone; generous for a loaded 2-core machine
});
