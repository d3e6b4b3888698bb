import { execFileSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHistory, type History } from '../reconcile/history.fixture.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const bin = join(root, 'bin', 'amazon-pay-reports.js');

interface Run { code: number | null; signal: NodeJS.Signals | null; stderr: string; read: string }

/**
 * Runs the built binary with stdout piped into a reader that stops early, as `| head` does: it
 * closes its end after `readBytes` bytes (0: before the child writes anything).
 */
function runIntoClosingReader(args: string[], readBytes: number): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [bin, ...args], { cwd: root, env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    let read = '';
    child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
    if (readBytes === 0) child.stdout.destroy();
    else {
      child.stdout.setEncoding('utf8').on('data', (s: string) => {
        read += s;
        if (read.length >= readBytes) child.stdout.destroy();
      });
    }
    child.on('close', (code, signal) => resolve({ code, signal, stderr, read }));
  });
}

describe('stdout closed early (`| head`)', () => {
  let h: History;
  beforeAll(async () => {
    if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    h = await Promise.resolve(createHistory()); // resolve(): the same line works once the store is async
    // Enough rows that the export is far larger than a pipe's buffer (64 KiB): the writer is still writing when the reader leaves.
    for (let d = 0; d < 80; d++) await h.importDay(d);
  }, 180_000);
  afterAll(async () => {
    await Promise.resolve(h.close());
  });

  it.each([
    ['parse --help', ['parse', '--help']],
    ['--help', ['--help']],
    ['export rows', ['export', 'rows', '--db', '<db>']],
  ])('%s into a closed pipe: exit 0, no stack trace', async (_name, args) => {
    const r = await runIntoClosingReader(args.map((a) => (a === '<db>' ? join(h.dir, 'store.db') : a)), 0);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });

  it('export rows --format json read for one line then closed: exit 0, no stack trace', async () => {
    const r = await runIntoClosingReader(['export', 'rows', '--format', 'json', '--db', join(h.dir, 'store.db')], 1);
    expect(r.read.startsWith('[')).toBe(true);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  });
});
