import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { modulesLoaded } from '../../scripts/modules-loaded.mjs';

const root = fileURLToPath(new URL('../../', import.meta.url));
const RECORDED = join('dist', 'cli', 'top-level-help.json');
const INVOCATIONS: [string, string[]][] = [['--help', ['--help']], ['-h', ['-h']], ['help', ['help']], ['the bare command', []]];

interface Recorded { width: number; commander: string; sources: Record<string, number>; text: string }
interface Run { status: number | null; stdout: Buffer; stderr: Buffer }

/** A copy of the built package (bin, dist, package.json; node_modules linked) that a test may change. */
function copyPackage(parent: string, name: string): string {
  const dir = join(parent, name);
  mkdirSync(dir);
  cpSync(join(root, 'bin'), join(dir, 'bin'), { recursive: true });
  copyFileSync(join(root, 'package.json'), join(dir, 'package.json'));
  cpSync(join(root, 'dist'), join(dir, 'dist'), { recursive: true });
  symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
  return dir;
}

/** NODE_OPTIONS that make stdout and stderr say they are a terminal this wide, as a real one does (isTTY, columns). */
function terminal(columns: number): string {
  const preload = `for (const s of [process.stdout, process.stderr]) Object.assign(s, { isTTY: true, columns: ${columns} });`;
  return `--import data:text/javascript,${encodeURIComponent(preload)}`;
}

/** The package's binary with `args`, a bare environment (plus `env`), its bytes as written. */
function run(pkg: string, args: string[], env: Record<string, string> = {}): Run {
  const r = spawnSync(process.execPath, [join(pkg, 'bin', 'amazon-pay-reports.js'), ...args], { cwd: pkg, env: { PATH: process.env['PATH'] ?? '', ...env } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const usesCli = (modules: string[]) => modules.includes('dist/cli/main.js') && modules.some((m) => m.includes('node_modules/commander/'));

describe('the top-level help without the CLI', () => {
  let tmp: string;
  /** The package as built, without the recorded help: the binary always runs the CLI. */
  let plain: string;
  let recorded: Recorded;

  beforeAll(() => {
    // `npm test` builds before vitest; run alone (`npx vitest run test/cli`), build here what is missing.
    if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    if (!existsSync(join(root, RECORDED))) execFileSync(process.execPath, ['scripts/render-help.mjs'], { cwd: root, stdio: 'pipe' });
    recorded = JSON.parse(readFileSync(join(root, RECORDED), 'utf8')) as Recorded;
    tmp = mkdtempSync(join(tmpdir(), 'apr-help-'));
    plain = copyPackage(tmp, 'plain');
    rmSync(join(plain, RECORDED));
  }, 180_000);
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it.each(INVOCATIONS)('%s: the same bytes, stream and exit status as the CLI, not a terminal and on one of 80 columns', (_name, args) => {
    for (const env of [{}, { NODE_OPTIONS: terminal(80) }]) {
      const fast = run(root, args, env);
      const cli = run(plain, args, env);
      expect(fast.stdout.equals(cli.stdout) && fast.stderr.equals(cli.stderr)).toBe(true);
      expect(fast.status).toBe(cli.status);
      // The help is on one of them, the other is empty.
      expect(Buffer.concat([fast.stdout, fast.stderr]).toString('utf8')).toBe(recorded.text);
      expect(fast.status).toBe(args.length === 0 ? 2 : 0);
    }
  });

  it.each(INVOCATIONS)('%s: loads nothing but the binary, not a terminal and on one of 80 columns', (_name, args) => {
    for (const env of [{}, { NODE_OPTIONS: terminal(80) }]) {
      const r = modulesLoaded(args, { env: { PATH: process.env['PATH'] ?? '', ...env } });
      expect(r.modules).toEqual(['bin/amazon-pay-reports.js', 'bin/recorded-help.js']);
    }
    // The copy without the recording runs the CLI: the comparison above is with commander's output.
    expect(usesCli(modulesLoaded(args, { bin: join(plain, 'bin', 'amazon-pay-reports.js') }).modules)).toBe(true);
  });

  it('on a terminal wider than 80 columns the recording serves: the CLI lays help out for 80 there too', () => {
    for (const [args, columns] of [[['--help'], 100], [['-h'], 81], [[], 200]] as const) {
      const env = { NODE_OPTIONS: terminal(columns) };
      const fast = run(root, [...args], env);
      const cli = run(plain, [...args], env);
      expect(fast.stdout.equals(cli.stdout) && fast.stderr.equals(cli.stderr)).toBe(true);
      expect(fast.status).toBe(cli.status);
      expect(Buffer.concat([fast.stdout, fast.stderr]).toString('utf8')).toBe(recorded.text);
      expect(modulesLoaded([...args], { env: { PATH: process.env['PATH'] ?? '', ...env } }).modules).toEqual(['bin/amazon-pay-reports.js', 'bin/recorded-help.js']);
    }
  });

  it('on a narrower terminal the CLI prints it, wrapped to that width', () => {
    for (const [args, columns] of [[['--help'], 79], [[], 60], [['help'], 0]] as const) {
      const env = { NODE_OPTIONS: terminal(columns) };
      const fast = run(root, [...args], env);
      const cli = run(plain, [...args], env);
      expect(fast.stdout.equals(cli.stdout) && fast.stderr.equals(cli.stderr)).toBe(true);
      expect(fast.status).toBe(cli.status);
      expect(Buffer.concat([fast.stdout, fast.stderr]).toString('utf8')).not.toBe(recorded.text);
      expect(usesCli(modulesLoaded([...args], { env: { PATH: process.env['PATH'] ?? '', ...env } }).modules)).toBe(true);
    }
  });

  describe('a recording that may not match falls back to the CLI', () => {
    let pkg: string;
    beforeAll(() => {
      pkg = copyPackage(tmp, 'changed');
    });
    const bin = () => join(pkg, 'bin', 'amazon-pay-reports.js');

    it('none (a build by tsc alone): the CLI prints the help', () => {
      rmSync(join(pkg, RECORDED), { force: true });
      const r = modulesLoaded(['--help'], { bin: bin() });
      expect(r.status).toBe(0);
      expect(r.stdout).toBe(recorded.text);
      expect(usesCli(r.modules)).toBe(true);
    });

    it('unreadable or of the wrong shape', () => {
      for (const text of ['{"width": 80, "comm', JSON.stringify({ ...recorded, text: 7 }), JSON.stringify({ ...recorded, sources: undefined })]) {
        writeFileSync(join(pkg, RECORDED), text);
        const r = modulesLoaded(['-h'], { bin: bin() });
        expect(r.status).toBe(0);
        expect(r.stdout).toBe(recorded.text);
        expect(usesCli(r.modules)).toBe(true);
      }
    });

    it('made with another commander (dependencies are ranges)', () => {
      writeFileSync(join(pkg, RECORDED), JSON.stringify({ ...recorded, commander: '0.0.1' }));
      const r = modulesLoaded(['--help'], { bin: bin() });
      expect(r.stdout).toBe(recorded.text);
      expect(usesCli(r.modules)).toBe(true);
    });

    it('a CLI module rebuilt since with another description: the help has the new one', () => {
      writeFileSync(join(pkg, RECORDED), JSON.stringify(recorded));
      const table = join(pkg, 'dist', 'cli', 'command-table.js');
      writeFileSync(table, readFileSync(table, 'utf8').replace('payouts to your bank account', 'payouts to the bank'));
      const r = modulesLoaded(['--help'], { bin: bin() });
      expect(r.stdout).toMatch(/^ {2}disbursements \[options\] +payouts to the bank$/m);
      expect(usesCli(r.modules)).toBe(true);
    });
  });

  it('the bare command with stderr closed: exit 2 all the same, as the CLI', async () => {
    const closedStderr = (pkg: string) => new Promise<number | null>((resolve) => {
      const child = spawn(process.execPath, [join(pkg, 'bin', 'amazon-pay-reports.js')], { cwd: pkg, env: { PATH: process.env['PATH'] ?? '' }, stdio: ['ignore', 'ignore', 'pipe'] });
      child.stderr.destroy();
      child.on('close', (code) => resolve(code));
    });
    expect(await closedStderr(root)).toBe(2);
    expect(await closedStderr(plain)).toBe(2);
  });
});
