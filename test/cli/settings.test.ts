import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/client/types.js';
import { parseConfig, readConfigFile } from '../../src/cli/config-file.js';
import { resolveSettings } from '../../src/cli/settings.js';
import { ConfigError } from '../../src/errors.js';
import { closedPortUrl, json, runCli, startEmulator, type EmulatorFixture } from './run-cli.js';

const cwd = '/work/here';
const file = (values: Record<string, unknown>, dir = '/etc/apr') => ({ path: join(dir, 'amazon-pay-reports.json'), dir, values });

describe('resolveSettings', () => {
  it('has the documented defaults', () => {
    expect(resolveSettings({}, {}, undefined, cwd)).toEqual({
      region: 'na', sandbox: false, db: '/work/here/amazon-pay-reports.db', out: '/work/here/reports', dbChosen: false, outChosen: false, json: false, quiet: false, verbose: false,
    });
  });

  it('takes flags over environment over config file', () => {
    const config = file({ publicKeyId: 'FILE', region: 'jp', endpoint: 'http://file', db: 'file.db', out: 'file-out', privateKeyFile: 'file.pem', sandbox: false, algorithm: 'AMZN-PAY-RSASSA-PSS' });
    const env = { AMAZON_PAY_PUBLIC_KEY_ID: 'ENV', AMAZON_PAY_REGION: 'eu', AMAZON_PAY_ENDPOINT: 'http://env', AMAZON_PAY_REPORTS_DB: 'env.db', AMAZON_PAY_REPORTS_DIR: 'env-out', AMAZON_PAY_PRIVATE_KEY_FILE: 'env.pem', AMAZON_PAY_SANDBOX: '1', AMAZON_PAY_ALGORITHM: 'AMZN-PAY-RSASSA-PSS-V2' };
    const flags = { publicKeyId: 'FLAG', region: 'us', endpoint: 'http://flag', db: '/abs/flag.db', out: 'flag-out', privateKey: 'flag.pem', sandbox: false as const, algorithm: 'AMZN-PAY-RSASSA-PSS' };

    expect(resolveSettings({}, {}, config, cwd)).toMatchObject({
      publicKeyId: 'FILE', region: 'jp', endpoint: 'http://file', db: '/etc/apr/file.db', out: '/etc/apr/file-out', privateKeyFile: '/etc/apr/file.pem', sandbox: false, algorithm: 'AMZN-PAY-RSASSA-PSS',
    });
    expect(resolveSettings({}, env, config, cwd)).toMatchObject({
      publicKeyId: 'ENV', region: 'eu', endpoint: 'http://env', db: '/work/here/env.db', out: '/work/here/env-out', privateKeyFile: '/work/here/env.pem', sandbox: true, algorithm: 'AMZN-PAY-RSASSA-PSS-V2',
    });
    expect(resolveSettings(flags, env, config, cwd)).toMatchObject({
      publicKeyId: 'FLAG', region: 'na', endpoint: 'http://flag', db: '/abs/flag.db', out: '/work/here/flag-out', privateKeyFile: '/work/here/flag.pem', sandbox: false, algorithm: 'AMZN-PAY-RSASSA-PSS',
    });
  });

  it('maps region aliases and rejects unknown ones', () => {
    expect(resolveSettings({ region: 'UK' }, {}, undefined, cwd).region).toBe('eu');
    expect(resolveSettings({}, { AMAZON_PAY_REGION: 'de' }, undefined, cwd).region).toBe('eu');
    expect(resolveSettings({}, {}, file({ region: 'us' }), cwd).region).toBe('na');
    expect(() => resolveSettings({}, {}, file({ region: 'br' }), cwd)).toThrow(ConfigError);
  });

  it('reads the PEM text from AMAZON_PAY_PRIVATE_KEY, restoring escaped newlines; a key file at the same level wins', () => {
    const pem = '-----BEGIN PRIVATE KEY-----\\nabc\\n-----END PRIVATE KEY-----';
    const s = resolveSettings({}, { AMAZON_PAY_PRIVATE_KEY: pem }, file({ privateKeyFile: 'k.pem' }), cwd);
    expect(s.privateKeyPem).toBe('-----BEGIN PRIVATE KEY-----\nabc\n-----END PRIVATE KEY-----');
    expect(s.privateKeyFile).toBeUndefined();
    const both = resolveSettings({}, { AMAZON_PAY_PRIVATE_KEY: pem, AMAZON_PAY_PRIVATE_KEY_FILE: '/k.pem' }, undefined, cwd);
    expect(both).toMatchObject({ privateKeyFile: '/k.pem' });
    expect(both.privateKeyPem).toBeUndefined();
  });

  it('treats empty environment variables as unset', () => {
    expect(resolveSettings({}, { AMAZON_PAY_REGION: '', AMAZON_PAY_PUBLIC_KEY_ID: ' ' }, file({ region: 'jp', publicKeyId: 'F' }), cwd)).toMatchObject({ region: 'jp', publicKeyId: 'F' });
  });

  it('--verbose beats --quiet', () => {
    expect(resolveSettings({ quiet: true, verbose: true }, {}, undefined, cwd)).toMatchObject({ quiet: false, verbose: true });
  });
});

describe('config file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apr-config-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads ./amazon-pay-reports.json when present and ignores its absence', () => {
    const sub = join(dir, 'a');
    mkdirSync(sub);
    expect(readConfigFile(undefined, sub)).toBeUndefined();
    writeFileSync(join(sub, 'amazon-pay-reports.json'), '{"region": "eu", "sandbox": true}');
    expect(readConfigFile(undefined, sub)).toEqual({ path: join(sub, 'amazon-pay-reports.json'), dir: sub, values: { region: 'eu', sandbox: true } });
  });

  it('rejects wrong types and non-objects, and never quotes the file text', () => {
    expect(() => parseConfig('{"sandbox": "yes"}', 'c.json')).toThrow(/"sandbox" must be true or false/);
    expect(() => parseConfig('{"region": 1}', 'c.json')).toThrow(/"region" must be a string/);
    expect(() => parseConfig('[]', 'c.json')).toThrow(/must hold a JSON object/);
    expect(() => parseConfig('{"publicKeyId": SECRETVALUE}', 'c.json')).toThrow(/c\.json is not valid JSON/);
    expect(() => parseConfig('{"publicKeyId": "x",', 'c.json')).toThrow(/not valid JSON \(at position \d+/);
    expect(() => parseConfig('{"publicKeyId": SECRETVALUE}', 'c.json')).not.toThrow(/SECRETVALUE/);
  });
});

describe('precedence through the CLI', () => {
  let f: EmulatorFixture;
  const dir = mkdtempSync(join(tmpdir(), 'apr-prec-'));
  beforeAll(async () => {
    f = await startEmulator();
    // The config file alone is a complete, working configuration.
    writeFileSync(join(dir, 'merchant.pem'), f.privateKeyPem);
    writeFileSync(join(dir, 'amazon-pay-reports.json'), JSON.stringify({ publicKeyId: f.publicKeyId, privateKeyFile: 'merchant.pem', endpoint: f.emulator.url }));
  });
  afterAll(async () => {
    await f.emulator.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const list = (args: string[], env: Record<string, string> = {}) => runCli(['reports', 'list', '--limit', '1', '--json', '--retries', '0', ...args], env, { cwd: dir });

  it('works from the config file in the working directory alone', async () => {
    const r = await list([]);
    expect(r.code).toBe(0);
    expect(json<Report[]>(r)).toHaveLength(1);
  });

  it('environment beats the config file', async () => {
    const r = await list([], { AMAZON_PAY_PUBLIC_KEY_ID: 'ENVKEYID' });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/InvalidRequestSignature: Unknown PublicKeyId ENVKEYID/);
    expect(f.emulator.requests.at(-1)?.publicKeyId).toBe('ENVKEYID');
  });

  it('a flag beats the environment', async () => {
    const r = await list(['--public-key-id', f.publicKeyId], { AMAZON_PAY_PUBLIC_KEY_ID: 'ENVKEYID' });
    expect(r.code).toBe(0);
  });

  it('--endpoint beats AMAZON_PAY_ENDPOINT beats the file', async () => {
    const dead = await closedPortUrl();
    expect((await list([], { AMAZON_PAY_ENDPOINT: dead })).code).toBe(1);
    expect((await list(['--endpoint', f.emulator.url], { AMAZON_PAY_ENDPOINT: dead })).code).toBe(0);
  });

  it('--sandbox, AMAZON_PAY_SANDBOX=1 and the file\'s "sandbox" select the /sandbox path; --algorithm is used for signing', async () => {
    const lastPath = (): string | undefined => f.emulator.requests.at(-1)?.path;
    expect((await list([])).code).toBe(0);
    expect(lastPath()).toMatch(/^\/live\/v2\/reports/);
    expect((await list(['--sandbox'])).code).toBe(0);
    expect(lastPath()).toMatch(/^\/sandbox\/v2\/reports/);
    expect((await list([], { AMAZON_PAY_SANDBOX: '1' })).code).toBe(0);
    expect(lastPath()).toMatch(/^\/sandbox\/v2\/reports/);
    writeFileSync(join(dir, 'sandbox.json'), JSON.stringify({ publicKeyId: f.publicKeyId, privateKeyFile: 'merchant.pem', endpoint: f.emulator.url, sandbox: true }));
    expect((await list(['--config', 'sandbox.json'])).code).toBe(0);
    expect(lastPath()).toMatch(/^\/sandbox\/v2\/reports/);
    const v1 = await list(['--algorithm', 'AMZN-PAY-RSASSA-PSS', '--verbose']);
    expect(v1.code).toBe(0);
    expect(v1.stderr).toMatch(/AMZN-PAY-RSASSA-PSS$/m);
  });

  it('--config names another file; its relative paths are relative to it', async () => {
    const other = join(dir, 'other');
    mkdirSync(other);
    writeFileSync(join(other, 'k.pem'), f.privateKeyPem);
    writeFileSync(join(other, 'conf.json'), JSON.stringify({ publicKeyId: f.publicKeyId, privateKeyFile: 'k.pem', endpoint: f.emulator.url }));
    const r = await runCli(['reports', 'list', '--limit', '1', '--json', '--config', 'other/conf.json'], {}, { cwd: dir });
    expect(r.code).toBe(0);
  });
});
