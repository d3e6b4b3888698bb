import { execFile, execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/client/types.js';
import { startEmulator, type EmulatorFixture } from './run-cli.js';
import { shiftedClock } from '../helpers/shifted-clock.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'amazon-pay-reports.js');
const built = join(root, 'dist', 'cli', 'main.js');

interface Run { code: number; stdout: string; stderr: string }

/** Runs the real binary in a child process (async: the emulator in this process must keep answering). */
function runBin(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: root, env: { PATH: process.env['PATH'] ?? '', ...shiftedClock(), ...env } }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}


describe('the built binary', () => {
  let f: EmulatorFixture;
  beforeAll(async () => {
    // `npm test` builds before vitest; run alone (`npx vitest run test/cli`), build here if dist is missing.
    if (!existsSync(built)) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    f = await startEmulator();
  }, 180_000);
  afterAll(() => f.emulator.close());

  it('--help exits 0 with usage on stdout', async () => {
    const r = await runBin(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: amazon-pay-reports \[options\] \[command\]/);
    expect(r.stderr).toBe('');
  });

  it('a bad flag exits 2 with one line on stderr', async () => {
    const r = await runBin(['reports', 'list', '--no-such-flag']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe("amazon-pay-reports: unknown option '--no-such-flag' (see --help)\n");
  });

  it('talks to the emulator and exits 0; an API failure exits 1', async () => {
    const env = { AMAZON_PAY_PRIVATE_KEY: f.privateKeyPem, AMAZON_PAY_ENDPOINT: f.emulator.url, AMAZON_PAY_PUBLIC_KEY_ID: f.publicKeyId };
    const ok = await runBin(['reports', 'list', '--limit', '2', '--json'], env);
    expect(ok.code).toBe(0);
    expect((JSON.parse(ok.stdout) as Report[]).length).toBe(2);
    const missing = await runBin(['reports', 'get', 'NOSUCH'], env);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^amazon-pay-reports: GET \S+ failed: 404/);
  });
});
