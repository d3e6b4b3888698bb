import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startEmulator, type EmulatorFixture } from './run-cli.js';

const version = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

describe('main(argv, io)', () => {
  it('takes its signal listeners away when it returns: a process may call it many times', async () => {
    const { main } = await import('../../src/cli/main.js');
    const sink = { write: () => true };
    const pem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const dir = mkdtempSync(join(tmpdir(), 'apr-main-'));
    const before = [process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')];
    // `sync` against a closed port reads the abort signal (installing the listeners), then fails.
    for (let i = 0; i < 12; i++) {
      const code = await main(['sync', '--endpoint', 'http://127.0.0.1:9', '--public-key-id', 'LIVE-X1234567', '--db', join(dir, 'store.db'), '--out', join(dir, 'reports'), '--retries', '0'], { stdout: sink, stderr: sink, env: { AMAZON_PAY_PRIVATE_KEY: pem }, cwd: process.cwd() });
      expect(code).not.toBe(0);
    }
    expect([process.listenerCount('SIGINT'), process.listenerCount('SIGTERM')]).toEqual(before);
    rmSync(dir, { recursive: true, force: true });
  });

  it('--version prints the package version', async () => {
    for (const flag of ['--version', '-V']) {
      const r = await runCli([flag]);
      expect(r).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    }
  });

  it('--help lists every command and shows examples', async () => {
    const r = await runCli(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const name of ['reports', 'documents', 'schedules', 'disbursements', 'download', 'sync', 'parse', 'settlements', 'export', 'reconcile', 'doctor', 'keys', 'emulator'])
      expect(r.stdout).toMatch(new RegExp(`^  ${name}\\b`, 'm'));
    expect(r.stdout).toMatch(/^Examples:$/m);
    expect(r.stdout).toMatch(/Exit status: 0 success, 1 the operation failed, 2 usage or configuration error/);
  });

  it.each([
    ['reports', 'list'], ['reports', 'get'], ['reports', 'create'], ['documents', 'get'],
    ['schedules', 'list'], ['schedules', 'get'], ['schedules', 'create'], ['schedules', 'cancel'],
    ['disbursements', 'list'], ['keys', 'generate'],
  ])('%s %s --help describes the command and the global options', async (...path) => {
    const r = await runCli([...path, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(new RegExp(`^Usage: amazon-pay-reports ${path.join(' ')}\\b`));
    expect(r.stdout).not.toMatch(/not implemented/);
    expect(r.stdout).toMatch(/^Global options:$/m);
    expect(r.stdout).toMatch(/--public-key-id <id>/);
  });

  it('`help COMMAND` works too', async () => {
    const r = await runCli(['help', 'schedules']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Usage: amazon-pay-reports schedules/);
    expect(r.stdout).toMatch(/^ {2}create \[options\]/m);
  });

  it('no command at all shows help on stderr and exits 2', async () => {
    const r = await runCli([]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^Usage: amazon-pay-reports/);
  });

  describe('unexpected errors', () => {
    let f: EmulatorFixture;
    beforeAll(async () => {
      f = await startEmulator();
    });
    afterAll(() => f.emulator.close());

    const brokenStdout = { write: (): never => { throw new TypeError('stdout went away'); } };

    it('exit 1 with one line, pointing at --verbose', async () => {
      let stderr = '';
      const r = await runCli(['reports', 'list', '--limit', '1', ...f.args], f.env, { stdout: brokenStdout, stderr: { write: (s: string) => (stderr += s) } });
      expect(r.code).toBe(1);
      expect(stderr).toBe('amazon-pay-reports: unexpected error: stdout went away (run with --verbose for details)\n');
    });

    it('--verbose adds the stack', async () => {
      let stderr = '';
      const r = await runCli(['reports', 'list', '--limit', '1', '--verbose', ...f.args], f.env, { stdout: brokenStdout, stderr: { write: (s: string) => (stderr += s) } });
      expect(r.code).toBe(1);
      expect(stderr).toMatch(/^amazon-pay-reports: unexpected error: stdout went away\n/m);
      expect(stderr).toMatch(/^TypeError: stdout went away\n\s+at /m);
    });
  });

  it('--quiet silences informational stderr; errors still print', async () => {
    const f = await startEmulator();
    try {
      const noisy = await runCli(['schedules', 'list', ...f.args], f.env);
      expect(noisy.stderr).toBe('No report schedules.\n');
      const quiet = await runCli(['schedules', 'list', '--quiet', ...f.args], f.env);
      expect(quiet).toEqual({ code: 0, stdout: '', stderr: '' });
      const failing = await runCli(['schedules', 'get', 'NOPE', '--quiet', ...f.args], f.env);
      expect(failing.code).toBe(1);
      expect(failing.stderr).toMatch(/^amazon-pay-reports: .*404/);
    } finally {
      await f.emulator.close();
    }
  });
});
