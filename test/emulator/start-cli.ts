import { main } from '../../src/cli/main.js';

/** Runs `main(argv)` in-process with an abort signal standing in for SIGTERM; resolves once it has printed a line. */
export function startCli(argv: string[]): { firstLine: Promise<string>; stop(): Promise<{ code: number; stdout: string; stderr: string }> } {
  const controller = new AbortController();
  let stdout = '';
  let stderr = '';
  let announce: (line: string) => void = () => undefined;
  const firstLine = new Promise<string>((resolve) => (announce = resolve));
  const done = main(argv, {
    stdout: { write: (s: string) => { stdout += s; if (stdout.includes('\n')) announce(stdout.slice(0, stdout.indexOf('\n'))); } },
    stderr: { write: (s: string) => (stderr += s) },
    env: {},
    signal: controller.signal,
  }).then((code) => {
    announce('');
    return code;
  });
  return {
    firstLine,
    stop: async () => {
      controller.abort();
      return { code: await done, stdout, stderr };
    },
  };
}

