import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/client/types.js';
import { closedPortUrl, json, runCli, startEmulator, type CliResult, type EmulatorFixture } from './run-cli.js';

/**
 * Issue 2's redaction test: every error path we can provoke, plain, --json and --verbose, must
 * keep private keys, signatures, the authorization header and pre-signed URL query strings off
 * stdout and stderr.
 */
describe('no secret in any output', () => {
  let f: EmulatorFixture;
  let documentId: string;
  const dir = mkdtempSync(join(tmpdir(), 'apr-redact-'));
  const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const ecKey = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const runs: Array<{ name: string; result: CliResult; stdoutMayHoldUrl?: boolean }> = [];

  /** Base64 lines of every private key in play: none may appear anywhere. */
  const keyLines = (): string[] =>
    [f.privateKeyPem, otherKey, ecKey].flatMap((pem) => pem.split('\n').filter((l) => l !== '' && !l.startsWith('-----')));

  beforeAll(async () => {
    f = await startEmulator();
    const list = await runCli(['reports', 'list', '--status', 'COMPLETED', '--limit', '1', '--json', ...f.args], f.env);
    documentId = json<Report[]>(list)[0]!.reportDocumentId!;
    const write = (name: string, text: string): string => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const ecFile = write('ec.pem', ecKey);
    const truncated = write('truncated.pem', otherKey.slice(0, 400));
    const dead = await closedPortUrl();
    const wrongKey = { AMAZON_PAY_PRIVATE_KEY: otherKey };
    const scenarios: Array<{ name: string; argv: string[]; env?: Record<string, string>; fault?: () => void; stdoutMayHoldUrl?: boolean }> = [
      { name: 'wrong key → AuthError', argv: ['reports', 'list', ...f.args], env: wrongKey },
      { name: '404', argv: ['reports', 'get', 'NOSUCH', ...f.args] },
      { name: '400', argv: ['reports', 'create', '--type', 'sandbox-settlement', '--start', '2026-11-01', '--end', '2026-11-02', ...f.args] },
      { name: '400 on schedules', argv: ['schedules', 'create', '--type', 'settlement', '--frequency', 'P1D', ...f.args] },
      { name: 'network error', argv: ['reports', 'list', '--endpoint', dead, '--public-key-id', f.publicKeyId, '--retries', '0'] },
      { name: '500 until retries run out', argv: ['reports', 'list', ...f.args, '--retries', '1'], fault: () => f.emulator.script([{ operation: 'getReports', fault: 500, times: 2 }]) },
      { name: '429 until retries run out', argv: ['disbursements', 'list', ...f.args, '--retries', '0'], fault: () => f.emulator.script([{ operation: 'getDisbursements', fault: 429, times: 1, retryAfter: 0 }]) },
      { name: 'connection reset', argv: ['reports', 'get', 'X', ...f.args, '--retries', '0'], fault: () => f.emulator.script([{ operation: 'getReportById', fault: 'reset', times: 1 }]) },
      { name: 'document not found', argv: ['documents', 'get', 'amzn1.tortuga.3.none', ...f.args] },
      { name: 'document URL (stdout only)', argv: ['documents', 'get', documentId, ...f.args], stdoutMayHoldUrl: true },
      { name: 'EC key file', argv: ['reports', 'list', ...f.args, '--private-key', ecFile] },
      { name: 'truncated key file', argv: ['reports', 'list', ...f.args, '--private-key', truncated] },
      { name: 'EC key as PEM text', argv: ['reports', 'list', ...f.args], env: { AMAZON_PAY_PRIVATE_KEY: ecKey } },
      { name: 'private key pasted as the Public Key ID', argv: ['reports', 'list', '--endpoint', f.emulator.url, '--public-key-id', otherKey] },
      { name: 'private key pasted as a report id', argv: ['reports', 'get', otherKey, ...f.args] },
      { name: 'endpoint with a signed query', argv: ['reports', 'list', '--endpoint', `${f.emulator.url}/?X-Amz-Signature=abc123def456`, '--public-key-id', f.publicKeyId] },
      { name: 'success', argv: ['reports', 'list', '--limit', '3', ...f.args] },
    ];
    for (const s of scenarios) {
      for (const extra of [[], ['--json'], ['--verbose'], ['--verbose', '--json']]) {
        s.fault?.();
        const result = await runCli([...s.argv, ...extra], s.env ?? f.env);
        runs.push({ name: `${s.name} ${extra.join(' ')}`, result, ...(s.stdoutMayHoldUrl && { stdoutMayHoldUrl: true }) });
      }
    }
  });
  afterAll(async () => {
    await f.emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('provoked the failures it meant to', () => {
    const byName = (prefix: string): CliResult => runs.find((r) => r.name.startsWith(prefix))!.result;
    expect(byName('wrong key').code).toBe(1);
    expect(byName('wrong key').stderr).toMatch(/InvalidRequestSignature/);
    expect(byName('404').stderr).toMatch(/404/);
    expect(byName('400 ').stderr).toMatch(/400/);
    expect(byName('network error').stderr).toMatch(/^amazon-pay-reports: .*(connect|network|ECONNREFUSED|fetch failed)/i);
    expect(byName('500').stderr).toMatch(/500/);
    expect(byName('429').stderr).toMatch(/429/);
    expect(byName('connection reset').code).toBe(1);
    expect(byName('EC key file').code).toBe(2);
    expect(byName('truncated key file').code).toBe(2);
    expect(byName('private key pasted as the Public Key ID').code).toBe(2);
    expect(byName('endpoint with a signed query').code).toBe(2);
    expect(byName('document URL').stdout).toContain('X-Amz-Signature=');
    expect(runs.find((r) => r.name === 'success --verbose')!.result.stderr).not.toBe('');
    for (const { name, result } of runs) {
      if (name.startsWith('success') || name.startsWith('document URL')) expect(result.code, name).toBe(0);
      else {
        expect(result.code, name).toBeGreaterThan(0);
        const lines = result.stderr.trimEnd().split('\n');
        expect(lines.filter((l) => l.startsWith('amazon-pay-reports: ')), name).toHaveLength(1);
      }
    }
  });

  it('never prints key material, signatures, authorization headers or pre-signed query strings', () => {
    const lines = keyLines();
    for (const { name, result, stdoutMayHoldUrl } of runs) {
      const text = stdoutMayHoldUrl ? result.stderr : result.stdout + result.stderr;
      expect(text, name).not.toMatch(/BEGIN [A-Z ]*KEY|PRIVATE KEY/);
      for (const line of lines) expect(text.includes(line), `${name}: key material`).toBe(false);
      expect(text, name).not.toMatch(/Signature=(?!\[REDACTED\])/);
      expect(text, name).not.toMatch(/X-Amz-Signature/i);
      expect(text, name).not.toMatch(/SignedHeaders=/);
      expect(text, name).not.toMatch(/authorization["']?\s*[:=]\s*["']?(?!\[REDACTED\])\S/i);
      expect(text, name).not.toMatch(/AMZN-PAY-RSASSA-PSS(-V2)? PublicKeyId=/);
      expect(text, name).not.toContain('abc123def456');
    }
  });
});
