import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { json, runCli, startEmulator, type EmulatorFixture } from '../cli/run-cli.js';
import { settlementTimeAwayFromNow } from '../helpers/settlement-time.js';

let dir: string;
let fx: EmulatorFixture;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'apr-e2e-'));
  fx = await startEmulator({ days: 5, settlementTimeOfDaySeconds: settlementTimeAwayFromNow() });
});
afterEach(async () => {
  await fx.emulator.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('sync → import → reconcile against the emulator', () => {
  it('every emulated settlement imports, summarises and ties out to its disbursement', async () => {
    const flags = [...fx.args, '--db', join(dir, 'store.db'), '--out', join(dir, 'reports')];
    const sync = await runCli(['sync', ...flags, '--json'], fx.env);
    expect(sync.code, sync.stderr).toBe(0);
    const settlements = json<Array<{ status: string; payout: string; disbursedAmount: string | null }>>(await runCli(['settlements', ...flags, '--json'], fx.env));
    expect(settlements.length).toBeGreaterThanOrEqual(4);
    for (const s of settlements) {
      expect(s.status).toBe('ok');
      expect(s.disbursedAmount).toBe(s.payout);
    }
    const reconcile = await runCli(['reconcile', ...flags], fx.env);
    expect(reconcile.stdout).toMatch(/settlements checked: everything ties out\.\n$/);
    expect(reconcile.code).toBe(0);
  });
});
