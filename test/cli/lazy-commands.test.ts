import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command } from 'commander';
import { beforeAll, describe, expect, it } from 'vitest';
import { COMMANDS } from '../../src/cli/command-table.js';
import { createContext } from '../../src/cli/create-context.js';
import { modulesLoaded } from '../../scripts/modules-loaded.mjs';
import { runCli } from './run-cli.js';

const root = fileURLToPath(new URL('../../', import.meta.url));
const commandModules = (modules: string[]) => modules.filter((m) => m.startsWith('dist/cli/commands/'));

describe('the command table', () => {
  it.each(COMMANDS.map((c) => [c.name, c] as const))('%s: its module adds that command, with the arguments the table lists', async (_name, entry) => {
    const program = new Command('amazon-pay-reports');
    const sink = { write: () => true };
    const ctx = createContext({ stdout: sink, stderr: sink, env: {}, cwd: root, now: () => new Date() }, () => ({}), () => {
      throw new Error('no client in this test');
    });
    (await entry.load()).default(program, ctx);
    expect(program.commands.map((c) => c.name())).toEqual([entry.name]);
    const cmd = program.commands[0] as Command;
    // The table is the one place for the description; the module leaves it to main.
    expect(cmd.description()).toBe('');
    const args = cmd.registeredArguments.map((a) => `${a.required ? '<' : '['}${a.name()}${a.variadic ? '...' : ''}${a.required ? '>' : ']'}`).join(' ');
    expect(args).toBe(entry.args ?? '');
  });
});

describe('commands load lazily', () => {
  it('`help COMMAND` and `COMMAND --help` show the loaded command, its own options included', async () => {
    for (const argv of [['help', 'sync'], ['sync', '--help']]) {
      const r = await runCli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/^Usage: amazon-pay-reports sync \[options\]/);
      expect(r.stdout).toMatch(/^ {2}--since <time> /m);
      expect(r.stdout).toMatch(/^Global options:$/m);
    }
  });

  it('global options before the command name still reach it', async () => {
    const r = await runCli(['--json', '--db', join(root, 'no-such-dir', 'store.db'), 'settlements']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^amazon-pay-reports: .*no-such-dir/);
  });

  describe('the built binary', () => {
    beforeAll(() => {
      // `npm test` builds before vitest; run alone (`npx vitest run test/cli`), build here if dist is missing.
      if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    }, 180_000);

    it('--version loads nothing but package.json', () => {
      for (const flag of ['--version', '-V']) {
        const r = modulesLoaded([flag]);
        expect(r.status).toBe(0);
        expect(r.stdout).toMatch(/^\d+\.\d+\.\d+\S*\n$/);
        expect(r.modules).toEqual(['bin/amazon-pay-reports.js', 'package.json']);
      }
    });

    it('--help, a bad command and a root option error import no command module', () => {
      for (const argv of [['--help'], ['reportz'], ['--retries', 'x', 'sync']]) {
        const r = modulesLoaded(argv);
        expect(commandModules(r.modules)).toEqual([]);
        expect(r.modules.filter((m) => m.includes('better-sqlite3') || m.includes('/store/') || m.includes('/client/'))).toEqual([]);
      }
    });

    it('only a command that calls the API loads the client', () => {
      const dir = mkdtempSync(join(tmpdir(), 'apr-lazy-'));
      try {
        const db = join(dir, 'store.db');
        const client = (args: string[]) => {
          const r = modulesLoaded(args);
          return r.modules.filter((m) => m.startsWith('dist/client/'));
        };
        expect(client(['keys', 'generate', '--out', join(dir, 'keys')])).toEqual([]);
        expect(client(['export', 'rows', '--db', db])).toEqual([]); // no store: a usage error, after the action started
        expect(client(['reports', 'list', '--endpoint', 'http://127.0.0.1:9', '--public-key-id', 'LIVE-X1234567', '--private-key', join(dir, 'keys', 'private.pem'), '--retries', '0']))
          .toContain('dist/client/create-client.js');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });

    it('a command imports its own module and no other command', () => {
      expect(commandModules(modulesLoaded(['export', 'rows', '--help']).modules)).toEqual(['dist/cli/commands/export.js']);
      expect(commandModules(modulesLoaded(['help', 'reports']).modules)).toEqual(['dist/cli/commands/reports.js']);
      const r = modulesLoaded(['keys', 'generate', '--help']);
      expect(r.status).toBe(0);
      expect(commandModules(r.modules)).toEqual(['dist/cli/commands/keys.js']);
    });
  });
});
