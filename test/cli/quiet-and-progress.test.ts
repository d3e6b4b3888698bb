import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { runCli, startEmulator, type EmulatorFixture } from './run-cli.js';
import { terminalScreen } from './terminal-screen.js';

let f: EmulatorFixture;
let dir: string;
beforeAll(async () => {
  f = await startEmulator({ days: 5 });
});
afterAll(() => f.emulator.close());
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'apr-quiet-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('--quiet', () => {
  it('sync with no credentials prints only its result: no notice on stderr', async () => {
    const r = await runCli(['sync', '--quiet'], {}, { cwd: dir });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^source: +the embedded emulator/m); // the result still says where the data came from
  }, 120_000);

  it('sync on a terminal with retries: no bar, no retry notice', async () => {
    f.emulator.script([{ operation: 'getReportDocument', fault: 429, times: 2, retryAfter: 0 }]);
    let stderr = '';
    const r = await runCli(['sync', '--quiet', '--db', join(dir, 's.db'), '--out', join(dir, 'out'), ...f.args, '--retries', '3'], f.env, {
      stderr: { isTTY: true, columns: 100, write: (s: string) => (stderr += s) },
    });
    expect(r.code).toBe(0);
    expect(stderr).toBe('');
    expect(r.stdout).toMatch(/^downloaded +[1-9]/m);
  });
});

describe('the sync progress bar', () => {
  it('prints retry notices on their own lines above the bar, never inside it', async () => {
    f.emulator.script([{ operation: 'getReportDocument', fault: 429, times: 2, retryAfter: 0 }]);
    let raw = '';
    const r = await runCli(['sync', '--db', join(dir, 's.db'), '--out', join(dir, 'out'), ...f.args, '--retries', '3'], f.env, {
      stderr: { isTTY: true, columns: 100, write: (s: string) => (raw += s) },
    });
    expect(r.code).toBe(0);
    expect(raw).toContain('downloading'); // the bar was drawn
    const screen = terminalScreen(raw);
    const notices = screen.filter((l) => /retry \d of 3/.test(l));
    expect(notices).toHaveLength(2);
    for (const l of notices) expect(l).toMatch(/^warning: GET \S+ → 429/);
    expect(screen.filter((l) => l.includes('downloading'))).toEqual([]); // cleared once done
  });
});
