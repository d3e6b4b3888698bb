import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import type { BackfillSummary } from '../../src/sync/backfill-types.js';
import { terminalScreen } from '../cli/terminal-screen.js';
import { json, runCli, startEmulator, type EmulatorFixture } from '../cli/run-cli.js';
import { fixedClock } from './helpers.js';

let f: EmulatorFixture;
let dir: string;
const clock = fixedClock('2026-11-20T12:00:00Z');
beforeEach(async () => {
  f = await startEmulator({ now: clock.now, reportDelayMs: 0, accountOpened: '2026-09-01' });
  dir = await mkdtemp(join(tmpdir(), 'apr-backfill-cli-'));
});
afterEach(async () => {
  await f.emulator.close();
  await rm(dir, { recursive: true, force: true });
});

const place = (): string[] => ['--db', join(dir, 'b.db'), '--out', join(dir, 'out')];
const backfill = (args: string[], io: Parameters<typeof runCli>[2] = {}) =>
  runCli(['sync', ...place(), ...f.args, ...args], f.env, { now: clock.now, ...io });

describe('sync --backfill', () => {
  it('--json: one summary document with every month and how each report ended; a rerun requests nothing', async () => {
    const r = await backfill(['--backfill', '2026-08-01', '--type', 'refund', '--type', 'authorization', '--rate', '50:10', '--json']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const s = json<BackfillSummary & { db: string; out: string }>(r);
    expect(s).toMatchObject({ since: '2026-08-01T00:00:00Z', until: '2026-11-01T00:00:00Z', requested: 6, imported: 4, cancelled: 2, failed: 0, db: join(dir, 'b.db') });
    expect(s.months.map((m) => [m.month, m.reports.map((x) => x.outcome)])).toEqual([
      ['2026-08', ['cancelled', 'cancelled']], ['2026-09', ['imported', 'imported']], ['2026-10', ['imported', 'imported']],
    ]);
    const store = await openStore(join(dir, 'b.db'));
    try {
      expect((await store.listBackfillRequests()).length).toBe(6);
      expect((await store.listImports()).length).toBe(4);
    } finally {
      await store.close();
    }
    const again = json<BackfillSummary>(await backfill(['--backfill', '2026-08-01', '--type', 'refund,authorization', '--json']));
    expect(again).toMatchObject({ requested: 0, alreadyDone: 6, apiCalls: 0 });
  });

  it('on a terminal: a bar per month while it runs, cleared at the end; then the table of months', async () => {
    let raw = '';
    const r = await backfill(['--backfill', '2026-09-01', '--type', 'refund'], { stderr: { isTTY: true, columns: 100, write: (s: string) => (raw += s) } });
    expect(r.code).toBe(0);
    expect(raw).toContain('backfill');
    expect(raw).toMatch(/2026-09 +\S* +\d\/1 reports/);
    expect(raw).toMatch(/2026-10 +\S* +\d\/1 reports/);
    expect(terminalScreen(raw).filter((l) => /reports|months/.test(l))).toEqual([]); // cleared once done
    expect(r.stdout).toMatch(/^requested +2$/m);
    expect(r.stdout).toMatch(/^MONTH +REFUND$/m);
    expect(r.stdout).toMatch(/^2026-09 +imported$/m);
    expect(r.stdout).toMatch(/^range: +2026-09-01T00:00:00Z \.\. 2026-11-01T00:00:00Z/m);
  });

  it('exit 1, the month and the reason on stderr, when a request fails; the next run does it', async () => {
    f.emulator.script([{ operation: 'createReport', fault: 503 }]);
    const r = await backfill(['--backfill', '2026-10-01', '--type', 'refund', '--retries', '0']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^warning: 2026-10 refund \(create\) failed: POST \/live\/v2\/reports failed: 503/m);
    expect(r.stdout).toMatch(/^next: +run the same command again/m);
    const again = await backfill(['--backfill', '2026-10-01', '--type', 'refund', '--json']);
    expect(again.code).toBe(0);
    expect(json<BackfillSummary>(again)).toMatchObject({ requested: 1, imported: 1, failed: 0 });
  });

  // Bad input: exit 2, one line naming the problem and the fix, and no request.
  it.each<[string, string[], RegExp]>([
    ['a date that does not parse', ['--backfill', 'last-year'], /^amazon-pay-reports: .*option '--backfill <since>' argument 'last-year' is invalid\. not a date\/time: use ISO 8601 such as 2026-11-01/],
    ['a future date', ['--backfill', '2027-03-01'], /^amazon-pay-reports: --backfill 2027-03-01T00:00:00Z is in the future: give the past month the history should start in, such as 2025-11-01$/m],
    ['a date before any Amazon Pay data', ['--backfill', '1990-01-01'], /^amazon-pay-reports: --backfill 1990-01-01T00:00:00Z is before 2007-01-01, earlier than any Amazon Pay data: give the month your account started, such as 2025-11-01$/m],
    ['a date in the month not over', ['--backfill', '2026-11-02'], /^amazon-pay-reports: --backfill 2026-11-02T00:00:00Z is in the current month \(2026-11\), which is not over: .*such as 2026-10-01$/m],
    ['--since as well', ['--backfill', '2026-01-01', '--since', '2026-11-01'], /^amazon-pay-reports: --since and --backfill do not go together/],
    ['a bad --rate', ['--backfill', '2026-01-01', '--rate', 'fast'], /^amazon-pay-reports: --rate "fast": use RATE\[:BURST\]/],
    ['settlement reports', ['--backfill', '2026-01-01', '--type', 'settlement'], /^amazon-pay-reports: settlement reports cannot be backfilled: Amazon creates one per settlement/],
  ])('%s', async (_name, args, message) => {
    const r = await backfill(args);
    expect(r.code).toBe(2);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(message);
    expect(f.emulator.requests).toEqual([]);
  });
});
