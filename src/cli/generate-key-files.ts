import { generateKeyPair } from 'node:crypto';
import { mkdir, unlink, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { promisify } from 'node:util';
import { ConfigError } from '../errors.js';

const generate = promisify(generateKeyPair);

export interface KeyFiles {
  privateKeyFile: string;
  publicKeyFile: string;
}

/**
 * Writes a new RSA 2048 pair into `dir`: `private.pem` (PKCS#8, 0600) and `public.pem` (SPKI, the
 * form Seller Central takes). Never overwrites: an existing file is a ConfigError and nothing is written.
 */
export async function generateKeyFiles(dir: string, cwd: string): Promise<KeyFiles> {
  const out = resolve(cwd, dir);
  const files = { privateKeyFile: resolve(out, 'private.pem'), publicKeyFile: resolve(out, 'public.pem') };
  await mkdir(out, { recursive: true, mode: 0o700 });
  const { privateKey, publicKey } = await generate('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  // 'wx' fails if the file exists, so a key someone relies on is never replaced, not even in a race.
  await exclusiveWrite(files.privateKeyFile, privateKey, 0o600);
  try {
    await exclusiveWrite(files.publicKeyFile, publicKey, 0o644);
  } catch (e) {
    await unlink(files.privateKeyFile); // keep the pair together: both or neither
    throw e;
  }
  return files;
}

async function exclusiveWrite(path: string, text: string, mode: number): Promise<void> {
  try {
    await writeFile(path, text, { flag: 'wx', mode });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw new ConfigError(`${path} already exists; refusing to overwrite a key: choose another --out directory or move the old keys away`);
    throw new ConfigError(`cannot write ${path} (${code ?? 'error'}): check the --out directory and its permissions`);
  }
}
