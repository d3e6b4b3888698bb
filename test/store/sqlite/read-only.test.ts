import { execFileSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../cli/run-cli.js';
import { createHistory, type History } from '../../reconcile/history.fixture.js';

/**
 * The store's folder made read-only for real: a read-only bind mount when we are root (root
 * ignores file modes), otherwise the modes themselves.
 */
function readOnlyView(dir: string): { dir: string; release: () => void } {
  if (process.getuid?.() === 0) {
    const view = `${dir}-ro`;
    mkdirSync(view);
    execFileSync('mount', ['--bind', dir, view]);
    execFileSync('mount', ['-o', 'remount,ro,bind', view]);
    return { dir: view, release: () => { execFileSync('umount', [view]); rmSync(view, { recursive: true, force: true }); } };
  }
  for (const f of readdirSync(dir)) chmodSync(join(dir, f), 0o444);
  chmodSync(dir, 0o555);
  return { dir, release: () => chmodSync(dir, 0o755) };
}

let h: History;
let view: { dir: string; release: () => void } | undefined;
beforeEach(async () => {
  h = await createHistory();
  for (let d = 0; d < 3; d++) {
    await h.importDay(d);
    await h.disburse(d);
  }
  await h.store.close();
});
afterEach(async () => {
  view?.release();
  view = undefined;
  await h.close();
});

describe('reading commands on a read-only store', () => {
  it('settlements, reconcile and export work on a read-only folder, print what the writable store prints, and change nothing', async () => {
    const db = join(h.dir, 'store.db');
    const commands = [['settlements', '--json'], ['reconcile'], ['export', 'rows', '--format', 'csv'], ['export', 'settlements', '--format', 'ndjson']];
    const expected = [];
    for (const c of commands) expected.push(await runCli([...c, '--db', db]));
    const before = new Map(readdirSync(h.dir).map((f) => [f, readFileSync(join(h.dir, f))]));

    view = readOnlyView(h.dir);
    expect(() => writeFileSync(join(view!.dir, 'probe'), 'x')).toThrow(/EROFS|EACCES/);
    for (const [i, c] of commands.entries()) {
      const r = await runCli([...c, '--db', join(view.dir, 'store.db')]);
      expect(r.stderr, c.join(' ')).toBe('');
      expect(r.code, c.join(' ')).toBe(0);
      expect(r.stdout.split(view.dir).join(h.dir)).toBe(expected[i]?.stdout);
    }
    view.release();
    view = undefined;
    expect(new Map(readdirSync(h.dir).map((f) => [f, readFileSync(join(h.dir, f))]))).toEqual(before);
  });
});
