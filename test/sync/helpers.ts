import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient } from '../../src/client/create-client.js';
import type { Client, ClientOptions } from '../../src/client/types.js';
import { createEmulator } from '../../src/emulator/index.js';
import type { Emulator, EmulatorOptions } from '../../src/emulator/types.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

/** A movable clock shared by the emulator, the client and the sync. */
export interface Clock {
  now: () => Date;
  advance(ms: number): void;
}

export function fixedClock(start = '2026-11-20T12:00:00Z'): Clock {
  let t = Date.parse(start);
  return { now: () => new Date(t), advance: (ms) => void (t += ms) };
}

export interface SyncFixture {
  emulator: Emulator;
  clock: Clock;
  dir: string;
  dbPath: string;
  outDir: string;
  client(overrides?: Partial<ClientOptions>): Client;
  openStore(): Promise<Store>;
  close(): Promise<void>;
}

/** An emulator on port 0 on an injected clock, a temp folder for the db and the files. */
export async function startSyncFixture(options: EmulatorOptions = {}): Promise<SyncFixture> {
  const clock = fixedClock();
  const emulator = await createEmulator({ seed: 5, days: 20, now: clock.now, ...options });
  const merchant = emulator.defaultMerchant;
  if (!merchant) throw new Error('the emulator made no default merchant');
  const dir = await mkdtemp(join(tmpdir(), 'apr-sync-'));
  const stores: Store[] = [];
  return {
    emulator,
    clock,
    dir,
    dbPath: join(dir, 'store.db'),
    outDir: join(dir, 'reports'),
    client: (overrides = {}) => createClient({
      publicKeyId: merchant.publicKeyId, privateKey: { pem: merchant.privateKeyPem }, endpoint: emulator.url, now: clock.now,
      // Faults are drawn at random: plenty of retries, no real waiting between them.
      retry: { retries: 10, baseDelayMs: 1, maxDelayMs: 2, maxRetryAfterMs: 5 },
      ...overrides,
    }),
    async openStore() {
      const s = await openStore(join(dir, 'store.db'), { now: clock.now });
      stores.push(s);
      return s;
    },
    async close() {
      for (const s of stores) await s.close();
      await emulator.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir` (relative path → sha256). */
export async function filesUnder(dir: string): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  const walk = async (d: string, rel: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = join(d, e.name);
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) await walk(p, r);
      else {
        // A file may vanish between the listing and the read (a writer's probe or temp file): skip it.
        const bytes = await readFile(p).catch((error: unknown) => {
          if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
          throw error;
        });
        if (bytes) out.set(r, createHash('sha256').update(bytes).digest('hex'));
      }
    }
  };
  await walk(dir, '');
  return out;
}

/**
 * Checks the store and the folder hold exactly the emulator's COMPLETED reports, each file's
 * sha256 the emulator's. Returns a list of problems (empty when all is well).
 */
export async function compareWithEmulator(emulator: Emulator, store: Store, outDir: string): Promise<string[]> {
  const problems: string[] = [];
  const completed = emulator.reports().filter((r) => r.processingStatus === 'COMPLETED');
  const files = await filesUnder(outDir);
  const expectedPaths = new Set<string>();
  for (const r of completed) {
    const row = (await store.getReport(r.reportId));
    if (!row?.filePath || !row.sha256) {
      problems.push(`${r.reportId}: not stored`);
      continue;
    }
    const want = await emulator.documentSha256(r.reportDocumentId ?? '');
    if (row.sha256 !== want.sha256 || row.bytes !== want.bytes) problems.push(`${r.reportId}: store has ${row.sha256}/${row.bytes}, emulator ${want.sha256}/${want.bytes}`);
    const rel = row.filePath.slice(outDir.length + 1).split('\\').join('/');
    expectedPaths.add(rel);
    if (files.get(rel) !== want.sha256) problems.push(`${r.reportId}: file ${rel} has ${files.get(rel) ?? 'nothing'}`);
  }
  for (const rel of files.keys()) if (!expectedPaths.has(rel)) problems.push(`unexpected file ${rel}`);
  const ids = new Set(completed.map((r) => r.reportId));
  for (const row of (await store.listReports({ downloaded: true }))) if (!ids.has(row.reportId)) problems.push(`unexpected stored file for ${row.reportId}`);
  return problems;
}
