import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startEmulator, type EmulatorFixture } from './run-cli.js';

/** The `$ amazon-pay-reports …` example lines of one help page, as argv. */
async function examples(helpArgv: string[]): Promise<string[][]> {
  const help = await runCli([...helpArgv, '--help']);
  return [...help.stdout.matchAll(/^\s+\$ amazon-pay-reports (.+)$/gm)].map((m) => (m[1] ?? '').split('#')[0]!.trim().split(/\s+/));
}

/** Time arguments moved into the emulator's window (it holds its last 30 days by the wall clock). */
function withCurrentTimes(argv: string[]): string[] {
  const day = (offset: number): string => new Date((Math.floor(Date.now() / 86_400_000) + offset) * 86_400_000).toISOString();
  const times: Record<string, string> = { '--start': day(-10), '--end': day(-3), '--next': day(1) };
  return argv.map((a, i) => times[argv[i - 1] ?? ''] ?? a);
}

describe('help examples that request something from Amazon work as written', () => {
  let f: EmulatorFixture;
  beforeAll(async () => {
    f = await startEmulator({ reportDelayMs: 200 });
  });
  afterAll(() => f.emulator.close());

  it.each([['amazon-pay-reports', []], ['reports create', ['reports', 'create']], ['schedules create', ['schedules', 'create']]])('%s --help', async (_name, page: string[]) => {
    const creating = (await examples(page)).filter((argv) => argv[1] === 'create');
    expect(creating.length).toBeGreaterThan(0);
    for (const argv of creating) {
      const r = await runCli([...withCurrentTimes(argv), ...f.args], f.env);
      expect({ argv: argv.join(' '), code: r.code, stderr: r.stderr }).toMatchObject({ code: 0, stderr: expect.not.stringContaining('amazon-pay-reports:') as unknown });
    }
  });
});
