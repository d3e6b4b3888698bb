import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, startEmulator, type EmulatorFixture } from './run-cli.js';

/** Bad input gets exit status 2 and one clear line on stderr — and never reaches the API. */
describe('bad input: exit 2, one clear line, no request', () => {
  let f: EmulatorFixture;
  const dir = mkdtempSync(join(tmpdir(), 'apr-bad-'));
  const file = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  let garbage: string, publicPem: string, ecPem: string, badJson: string, unknownKeys: string;
  beforeAll(async () => {
    f = await startEmulator();
    garbage = file('garbage.pem', 'this is not a key\n');
    const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
    publicPem = file('public.pem', rsa.publicKey.export({ type: 'spki', format: 'pem' }).toString());
    ecPem = file('ec.pem', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString());
    badJson = file('bad.json', '{"publicKeyId": "X",');
    unknownKeys = file('unknown.json', JSON.stringify({ publicKeyId: 'X', privateKey: 'x', colour: 'blue' }));
  });
  afterAll(async () => {
    await f.emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  // [name, argv after `reports list`, env overrides, expected message]
  const cases: Array<[string, () => string[], () => Record<string, string | undefined>, RegExp]> = [
    ['missing Public Key ID', () => ['--endpoint', f.emulator.url], () => f.env, /no Public Key ID configured: pass --public-key-id ID or set AMAZON_PAY_PUBLIC_KEY_ID/],
    ['missing private key', () => f.args, () => ({}), /no private key configured: pass --private-key FILE or set AMAZON_PAY_PRIVATE_KEY_FILE/],
    ['key file that does not exist', () => [...f.args, '--private-key', join(dir, 'nope.pem')], () => ({}), /cannot read the private key file .*nope\.pem \(ENOENT\)/],
    ['key path that is a directory', () => [...f.args, '--private-key', dir], () => ({}), /cannot read the private key file .* \(EISDIR\)/],
    ['garbage key file', () => [...f.args, '--private-key', garbage], () => ({}), /garbage\.pem is not a PEM private key: expected a "BEGIN PRIVATE KEY" \(PKCS#8\) or "BEGIN RSA PRIVATE KEY" \(PKCS#1\) header line, as `amazon-pay-reports keys generate` writes$/m],
    ['public key given as private', () => [...f.args], () => ({ AMAZON_PAY_PRIVATE_KEY_FILE: publicPem }), /public\.pem holds a public key, not a private key/],
    ['EC private key', () => [...f.args, '--private-key', ecPem], () => ({}), /ec\.pem is an ec key; Amazon Pay needs an RSA key/],
    ['garbage PEM text in AMAZON_PAY_PRIVATE_KEY', () => f.args, () => ({ AMAZON_PAY_PRIVATE_KEY: 'not a pem' }), /the private key text is not a PEM private key: expected a "BEGIN PRIVATE KEY" \(PKCS#8\)/],
    ['unknown region flag', () => [...f.args, '--region', 'mars'], () => f.env, /unknown region "mars": use na, eu or jp/],
    ['unknown region in the environment', () => f.args, () => ({ ...f.env, AMAZON_PAY_REGION: 'xx' }), /unknown region "xx"/],
    ['unknown algorithm', () => [...f.args, '--algorithm', 'RSA-SHA1'], () => f.env, /unknown signing algorithm "RSA-SHA1"/],
    ['malformed endpoint', () => ['--endpoint', 'not a url', '--public-key-id', f.publicKeyId], () => f.env, /endpoint "not a url" is not a URL/],
    ['bad AMAZON_PAY_SANDBOX', () => f.args, () => ({ ...f.env, AMAZON_PAY_SANDBOX: 'maybe' }), /AMAZON_PAY_SANDBOX="maybe" is not a boolean/],
    ['bad date', () => [...f.args, '--since', 'yesterday'], () => f.env, /option '--since <time>' argument 'yesterday' is invalid\. not a date\/time: use ISO 8601/],
    ['impossible date', () => [...f.args, '--until', '2026-02-31'], () => f.env, /argument '2026-02-31' is invalid/],
    ['unknown report type', () => [...f.args, '--type', 'settlements'], () => f.env, /argument 'settlements' is invalid\. unknown report type; use one of settlement, sandbox-settlement, order-reference, billing-agreement, authorization, capture, refund, multi-currency/],
    ['unknown status', () => [...f.args, '--status', 'DONE'], () => f.env, /unknown status; use one of IN_PROGRESS, COMPLETED, FAILED, CANCELLED/],
    ['page size 0', () => [...f.args, '--page-size', '0'], () => f.env, /--page-size <n>' argument '0' is invalid\. page size must be a whole number from 1 to 100/],
    ['page size 101', () => [...f.args, '--page-size', '101'], () => f.env, /argument '101' is invalid\. page size must be a whole number from 1 to 100/],
    ['page size not a number', () => [...f.args, '--page-size', 'ten'], () => f.env, /argument 'ten' is invalid/],
    ['limit 0', () => [...f.args, '--limit', '0'], () => f.env, /--limit must be a whole number of at least 1/],
    ['unknown flag', () => [...f.args, '--colour'], () => f.env, /unknown option '--colour'/],
    ['flag missing its value', () => [...f.args, '--since'], () => f.env, /option '--since <time>' argument missing/],
    ['malformed config file', () => [...f.args, '--config', badJson], () => f.env, /the config file .*bad\.json is not valid JSON/],
    ['unknown config keys', () => [...f.args, '--config', unknownKeys], () => f.env, /has unknown keys "privateKey", "colour"; known keys: publicKeyId, privateKeyFile/],
    ['missing --config file', () => [...f.args, '--config', join(dir, 'none.json')], () => f.env, /cannot read the config file .*none\.json \(ENOENT\)/],
  ];

  it.each(cases)('%s', async (_name, args, env, message) => {
    const before = f.emulator.requests.length;
    const r = await runCli(['reports', 'list', ...args()], env());
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^amazon-pay-reports: [^\n]+\n$/);
    expect(r.stderr).toMatch(message);
    expect(f.emulator.requests.length).toBe(before);
  });

  it.each([
    // `report` (month report) is as near as `reports`: commander offers both.
    ['unknown command', ['reportz', 'list'], /unknown command 'reportz'.*Did you mean one of report, reports\?/],
    ['unknown subcommand', ['reports', 'delete'], /unknown command 'delete'/],
    ['missing argument', ['reports', 'get'], /missing required argument 'reportId'/],
    ['too many arguments', ['reports', 'get', 'A', 'B'], /too many arguments/],
    ['unknown global flag before the command', ['--colour', 'reports', 'list'], /unknown option '--colour'/],
  ])('%s', async (_name, argv, message) => {
    const r = await runCli([...argv, ...f.args], f.env);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^amazon-pay-reports: [^\n]+\n$/);
    expect(r.stderr).toMatch(message);
  });
});
