import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main.js';
import { formatMinor, parseMoney } from '../../src/reports/money.js';
import { openStore } from '../../src/store/open-store.js';
import type { StoredSettlement } from '../../src/store/stored-report.js';
import { runCli, startEmulator, type EmulatorFixture } from '../cli/run-cli.js';

/** A store synced from the emulator in a temp dir, with one payout made not to match its disbursement. */
export interface SyncedStore {
  dir: string;
  db: string;
  fx: EmulatorFixture;
  /** The settlement whose disbursement was altered. */
  unmatchedId: string;
  /** The store's active settlements, as the store lists them. */
  active: StoredSettlement[];
  close(): Promise<void>;
}

export async function syncedStore(days = 10): Promise<SyncedStore> {
  const dir = await mkdtemp(join(tmpdir(), 'apr-dashboard-'));
  const fx = await startEmulator({ days });
  const db = join(dir, 'store.db');
  const sync = await runCli(['sync', ...fx.args, '--db', db, '--out', join(dir, 'reports'), '--quiet'], fx.env);
  if (sync.code !== 0) throw new Error(`sync failed: ${sync.stderr}`);
  const store = await openStore(db);
  let unmatchedId: string;
  let active: StoredSettlement[];
  try {
    const [first] = await store.listDisbursements();
    if (!first) throw new Error('the sync stored no disbursement');
    unmatchedId = first.settlementId;
    await store.upsertDisbursements([{ ...first, amount: formatMinor(parseMoney(first.amount, first.currencyCode) + 100n, first.currencyCode) }]);
    active = await store.listSettlements({ activeOnly: true });
  } finally {
    await store.close();
  }
  return { dir, db, fx, unmatchedId, active, close: async () => { await fx.emulator.close(); await rm(dir, { recursive: true, force: true }); } };
}

/** A running `dashboard` command: its URL from the --json line, and how to stop it (the SIGINT path). */
export interface RunningDashboard {
  url: string;
  output: string;
  stop(): Promise<number>;
}

export async function startDashboard(args: string[]): Promise<RunningDashboard> {
  const abort = new AbortController();
  let stdout = '';
  let stderr = '';
  let announced: (line: string) => void = () => undefined;
  const line = new Promise<string>((resolve) => (announced = resolve));
  const done = main(['dashboard', '--port', '0', '--json', ...args], {
    stdout: { write: (s: string) => { stdout += s; if (stdout.includes('\n')) announced(stdout.split('\n')[0] ?? ''); } },
    stderr: { write: (s: string) => (stderr += s) },
    env: {}, signal: abort.signal,
  });
  const first = await Promise.race([line, done.then((code) => { throw new Error(`dashboard exited ${code}: ${stderr}`); })]);
  const { url } = JSON.parse(first) as { url: string };
  return { url, output: stdout, stop: async () => { abort.abort(); return done; } };
}
