import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { json, runCli, startEmulator, type EmulatorFixture } from './run-cli.js';

interface Doctor { ok: boolean; checks: Array<{ check: string; ok: boolean; detail: string; fix?: string }> }

let f: EmulatorFixture;
let dir: string;
beforeAll(async () => {
  f = await startEmulator({ days: 2 });
});
afterAll(() => f.emulator.close());
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'apr-doctor-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const doctor = (extra: string[] = [], env: Record<string, string> = f.env, now?: () => Date) =>
  runCli(['doctor', '--db', join(dir, 'store.db'), '--out', join(dir, 'reports'), ...f.args, ...extra], env, now ? { cwd: dir, now } : { cwd: dir });
const failing = (d: Doctor) => d.checks.filter((c) => !c.ok).map((c) => c.check);

describe('doctor', () => {
  it('all ok against the emulator: one line per check, exit 0', async () => {
    const r = await doctor();
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[1])).toEqual(['public', 'private', 'endpoint', 'clock', 'store', 'disk']);
    expect(lines.every((l) => l.startsWith('ok  '))).toBe(true);
  });

  it('a wrong private key: the signed call fails with the fix, exit 1', async () => {
    const other = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    const r = await doctor(['--json'], { AMAZON_PAY_PRIVATE_KEY: other });
    expect(r.code).toBe(1);
    const d = json<Doctor>(r);
    expect(failing(d)).toEqual(['endpoint', 'clock']);
    expect(d.checks.find((c) => c.check === 'endpoint')?.fix).toMatch(/signature was refused/);
    expect(r.stdout).not.toMatch(/BEGIN|PRIVATE KEY-----/);
  });

  it('a public key given as the private key, and no Public Key ID: both named', async () => {
    const pub = join(dir, 'public.pem');
    writeFileSync(pub, generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }));
    const r = await runCli(['doctor', '--json', '--db', join(dir, 'store.db'), '--private-key', pub, '--endpoint', f.emulator.url], {}, { cwd: dir });
    expect(r.code).toBe(1);
    const d = json<Doctor>(r);
    expect(failing(d)).toEqual(['public key id', 'endpoint']);
  });

  it('a clock 20 minutes slow is a failing clock check (the call itself still works)', async () => {
    const r = await doctor(['--json'], f.env, () => new Date(Date.now() - 20 * 60_000));
    const d = json<Doctor>(r);
    expect(r.code).toBe(1);
    expect(failing(d)).toEqual(['clock']);
    expect(d.checks.find((c) => c.check === 'clock')?.fix).toMatch(/NTP/);
  });

  it('a corrupt store and a store of another account fail their checks', async () => {
    writeFileSync(join(dir, 'store.db'), 'not a database'.repeat(100));
    expect(failing(json<Doctor>(await doctor(['--json'])))).toEqual(['store']);
    rmSync(join(dir, 'store.db'));
    const store = await openStore(join(dir, 'store.db'));
    await store.bindIdentity({ endpoint: 'https://pay-api.amazon.eu', region: 'eu', environment: 'live', publicKeyId: 'LIVE-SOMEONEELSE' });
    await store.close();
    const d = json<Doctor>(await doctor(['--json']));
    expect(failing(d)).toEqual(['store owner']);
    expect(d.checks.find((c) => c.check === 'store owner')?.detail).toMatch(/LIVE-SOMEONEELSE/);
  });
});
