import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { EmulatorRegion } from '../../src/emulator/index.js';
import { json, runCli, startEmulator } from '../cli/run-cli.js';
import { settlementTimeAwayFromNow } from '../helpers/settlement-time.js';

// Our own sync, parser, import and reconcile over every file each marketplace's history has.
describe.each(['na', 'eu', 'uk', 'jp'] as EmulatorRegion[])('%s history through sync and reconcile', (region) => {
  it('every settlement imports, ties out to its disbursement, and reconcile finds nothing', async () => {
    const dir = mkdtempSync(join(tmpdir(), `apr-region-${region}-`));
    const fx = await startEmulator({ region, days: region === 'jp' ? 42 : 6, seed: 13, settlementTimeOfDaySeconds: settlementTimeAwayFromNow(region) });
    try {
      const flags = [...fx.args, '--db', join(dir, 'store.db'), '--out', join(dir, 'reports')];
      const sync = await runCli(['sync', ...flags, '--json'], fx.env);
      expect(sync.code, sync.stderr).toBe(0);
      const settlements = json<Array<{ status: string; payout: string; disbursedAmount: string | null; currencyCode?: string }>>(await runCli(['settlements', ...flags, '--json'], fx.env));
      expect(settlements.length).toBeGreaterThanOrEqual(2);
      for (const s of settlements) {
        expect(s.status).toBe('ok');
        expect(s.disbursedAmount).toBe(s.payout);
        if (region === 'jp') expect(s.payout).toMatch(/^\d+$/);
        else expect(s.payout).toMatch(/^\d+\.\d{2}$/);
      }
      const reconcile = await runCli(['reconcile', ...flags], fx.env);
      expect(reconcile.stdout).toMatch(/settlements checked: everything ties out\.\n$/);
      expect(reconcile.code).toBe(0);
    } finally {
      await fx.emulator.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);
});
