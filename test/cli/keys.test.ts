import { createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/client/types.js';
import { createEmulator } from '../../src/emulator/index.js';
import { json, runCli } from './run-cli.js';

describe('keys generate', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apr-keys-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes an RSA 2048 pair: private.pem PKCS#8 mode 0600, public.pem SPKI, relative to cwd', async () => {
    const r = await runCli(['keys', 'generate', '--out', 'pair'], {}, { cwd: dir });
    expect(r.code).toBe(0);
    const privatePem = readFileSync(join(dir, 'pair', 'private.pem'), 'utf8');
    const publicPem = readFileSync(join(dir, 'pair', 'public.pem'), 'utf8');
    expect(privatePem).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(publicPem).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const key = createPrivateKey(privatePem);
    expect(key.asymmetricKeyType).toBe('rsa');
    expect(key.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(createPublicKey(key).export({ type: 'spki', format: 'pem' })).toBe(publicPem);
    expect(statSync(join(dir, 'pair', 'private.pem')).mode & 0o777).toBe(0o600);
    // Tells the user what to do next, and never shows the private key.
    expect(r.stdout).toMatch(/upload public\.pem in Seller Central/);
    expect(r.stdout).toContain(`AMAZON_PAY_PRIVATE_KEY_FILE=${join(dir, 'pair', 'private.pem')}`);
    expect(r.stdout + r.stderr).not.toContain('PRIVATE KEY-----');
  });

  it('--json names the two files', async () => {
    const r = await runCli(['--json', 'keys', 'generate', '--out', join(dir, 'json')], {}, { cwd: '/' });
    expect(r.code).toBe(0);
    expect(json(r)).toEqual({ privateKeyFile: join(dir, 'json', 'private.pem'), publicKeyFile: join(dir, 'json', 'public.pem') });
  });

  it('refuses to overwrite an existing key, and leaves it untouched (exit 2)', async () => {
    const target = join(dir, 'existing');
    expect((await runCli(['keys', 'generate', '--out', target])).code).toBe(0);
    const before = readFileSync(join(target, 'private.pem'), 'utf8');
    const r = await runCli(['keys', 'generate', '--out', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/private\.pem already exists; refusing to overwrite/);
    expect(readFileSync(join(target, 'private.pem'), 'utf8')).toBe(before);
  });

  it('refuses when only public.pem exists, writing neither file', async () => {
    const target = join(dir, 'half');
    expect((await runCli(['keys', 'generate', '--out', target])).code).toBe(0);
    rmSync(join(target, 'private.pem'));
    writeFileSync(join(target, 'public.pem'), 'keep me');
    const r = await runCli(['keys', 'generate', '--out', target]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/public\.pem already exists/);
    expect(() => statSync(join(target, 'private.pem'))).toThrow();
    expect(readFileSync(join(target, 'public.pem'), 'utf8')).toBe('keep me');
  });

  it('needs --out', async () => {
    const r = await runCli(['keys', 'generate']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/required option '--out <dir>'/);
  });

  it('makes a pair the API accepts: register public.pem with the emulator, sign with private.pem', async () => {
    const target = join(dir, 'live');
    expect((await runCli(['keys', 'generate', '--out', target])).code).toBe(0);
    const emulator = await createEmulator({ seed: 3, days: 5, merchants: [{ publicKeyId: 'LIVE-TESTKEY', publicKey: { file: join(target, 'public.pem') } }] });
    try {
      const r = await runCli(['reports', 'list', '--json', '--endpoint', emulator.url, '--public-key-id', 'LIVE-TESTKEY', '--private-key', join(target, 'private.pem')]);
      expect(r.code).toBe(0);
      expect(json<Report[]>(r).length).toBe(emulator.reports('LIVE-TESTKEY').length);
    } finally {
      await emulator.close();
    }
  });
});
