import { execFile, spawn } from 'node:child_process';
import { generateKeyPairSync, createPrivateKey } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli/main.js';
import { signedCall } from './helpers.js';
import { startCli } from './start-cli.js';

interface Announce { url: string; publicKeyId: string; privateKeyFile: string | null }

describe('amazon-pay-reports emulator (in-process)', () => {
  it('--json prints exactly one line, serves signed requests with the generated key, stops cleanly', async () => {
    const run = startCli(['emulator', '--json', '--days', '3', '--seed', '5']);
    const line = await run.firstLine;
    const announced = JSON.parse(line) as Announce;
    expect(Object.keys(announced)).toEqual(['url', 'publicKeyId', 'privateKeyFile']);
    expect(announced.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const file = announced.privateKeyFile!;
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const privateKey = createPrivateKey(readFileSync(file, 'utf8'));
    const res = await signedCall(announced.url, 'GET', '/live/v2/reports', { publicKeyId: announced.publicKeyId, privateKey, date: new Date() });
    expect(res.status).toBe(200);
    expect((res.json as { reports: unknown[] }).reports).toHaveLength(3);
    const { code, stdout } = await run.stop();
    expect(code).toBe(0);
    expect(stdout).toBe(`${line}\n`);
    expect(existsSync(file)).toBe(false);
  });

  it('registers --public-key-id/--public-key pairs (privateKeyFile null) and says where to look without --json', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'emu-cli-'));
    try {
      const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      const pub = join(dir, 'public.pem');
      writeFileSync(pub, publicKey.export({ type: 'spki', format: 'pem' }));
      const json = startCli(['emulator', '--json', '--public-key-id', 'LIVE-KEY1', '--public-key', pub, '--public-key-id', 'KEY2', '--public-key', pub]);
      expect(JSON.parse(await json.firstLine)).toMatchObject({ publicKeyId: 'LIVE-KEY1', privateKeyFile: null });
      expect((await json.stop()).code).toBe(0);

      const human = startCli(['emulator', '--days', '1', '--faults', '429:0.1', '--latency', '0', '--url-ttl', '10']);
      expect(await human.firstLine).toMatch(/^Amazon Pay Reports emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
      const { code, stdout } = await human.stop();
      expect(code).toBe(0);
      expect(stdout).toMatch(/Private key +\S+private\.pem/);
      expect(stdout).toMatch(/Try: amazon-pay-reports --endpoint http/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('--region jp --settlement-days 7 --settlement-time 09:15: weekly JPY settlements starting 09:15 Tokyo time', async () => {
    const run = startCli(['emulator', '--json', '--days', '21', '--region', 'jp', '--settlement-days', '7', '--settlement-time', '09:15']);
    const announced = JSON.parse(await run.firstLine) as Announce;
    expect(Object.keys(announced)).toEqual(['url', 'publicKeyId', 'privateKeyFile']); // no caFile without --tls
    const privateKey = createPrivateKey(readFileSync(announced.privateKeyFile!, 'utf8'));
    const call = (path: string): ReturnType<typeof signedCall> => signedCall(announced.url, 'GET', path, { publicKeyId: announced.publicKeyId, privateKey, date: new Date() });
    const reports = (await call('/live/v2/reports')).json as { reports: Array<{ startTime: string; endTime: string; reportDocumentId: string }> };
    expect(reports.reports).toHaveLength(3);
    for (const r of reports.reports) expect(r.startTime).toMatch(/T001500Z$/); // 09:15 +0900
    const doc = (await call(`/live/v2/report-documents/${reports.reports[0]!.reportDocumentId}`)).json as { url: string };
    const text = await (await fetch(doc.url)).text();
    expect(text).toMatch(/"SettlementStartDate","\d{4}-\d{2}-\d{2}T09:15:00 \+0900"/);
    expect(text).toContain('"JPY"');
    expect(text).not.toMatch(/"-?\d+\.\d{2}"/);
    expect((await run.stop()).code).toBe(0);
  });

  it('--throttle RATE:BURST answers 429 with Retry-After past the burst', async () => {
    const run = startCli(['emulator', '--json', '--days', '1', '--throttle', '0.5:2']);
    const announced = JSON.parse(await run.firstLine) as Announce;
    const privateKey = createPrivateKey(readFileSync(announced.privateKeyFile!, 'utf8'));
    const statuses: number[] = [];
    let retryAfter: string | null = null;
    for (let i = 0; i < 3; i++) {
      const res = await signedCall(announced.url, 'GET', '/live/v2/reports', { publicKeyId: announced.publicKeyId, privateKey, date: new Date() });
      statuses.push(res.status);
      if (res.status === 429) retryAfter = res.headers.get('retry-after');
    }
    expect(statuses).toEqual([200, 200, 429]);
    expect(Number(retryAfter)).toBeGreaterThan(0);
    expect((await run.stop()).code).toBe(0);
  });

  it('usage errors exit 2', async () => {
    for (const argv of [['emulator', '--public-key-id', 'A'], ['emulator', '--faults', 'boom:1'], ['emulator', '--throttle', 'fast'], ['emulator', '--throttle', '0:5'], ['emulator', '--port', '70000'], ['emulator', '--public-key-id', 'A', '--public-key', '/no/such/file.pem'],
      ['emulator', '--region', 'mars'], ['emulator', '--settlement-days', '0'], ['emulator', '--settlement-days', '31'], ['emulator', '--settlement-time', '24:00'],
      ['emulator', '--tls', '--cert', '/no/such/cert.pem'], ['emulator', '--tls', '--cert', '/no/such/cert.pem', '--key', '/no/such/key.pem']]) {
      let stderr = '';
      const code = await main(argv, { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env: {}, signal: AbortSignal.abort() });
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr).not.toBe('');
    }
  });
});

describe('amazon-pay-reports emulator (built binary)', () => {
  // A private build (the shared dist/ may predate this command), inside node_modules so imports resolve.
  const root = join(import.meta.dirname, '..', '..');
  const out = join(root, 'node_modules', '.cache', 'emulator-cli-test');
  beforeAll(async () => {
    rmSync(out, { recursive: true, force: true });
    mkdirSync(join(out, 'bin'), { recursive: true });
    copyFileSync(join(root, 'bin', 'amazon-pay-reports.js'), join(out, 'bin', 'amazon-pay-reports.js'));
    copyFileSync(join(root, 'package.json'), join(out, 'package.json')); // the CLI reads its version from it
    await promisify(execFile)('npx', ['tsc', '-p', 'tsconfig.build.json', '--outDir', join(out, 'dist'), '--noEmitOnError', 'false', '--sourceMap', 'false', '--declaration', 'false'], { cwd: root }).catch(() => undefined);
  }, 180_000);
  afterAll(() => rmSync(out, { recursive: true, force: true }));

  it('prints the one --json line and exits 0 on SIGTERM', async () => {
    const child = spawn(process.execPath, [join(out, 'bin', 'amazon-pay-reports.js'), 'emulator', '--json', '--days', '2'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    const line = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        if (stdout.includes('\n')) resolve(stdout.slice(0, stdout.indexOf('\n')));
      });
      child.on('exit', (code) => reject(new Error(`exited early with ${code}`)));
    });
    const announced = JSON.parse(line) as Announce;
    expect((await fetch(`${announced.url}/live/v2/reports`)).status).toBe(401);
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
    expect(stdout).toBe(`${line}\n`);
    expect(existsSync(announced.privateKeyFile!)).toBe(false);
  }, 60_000);
});
