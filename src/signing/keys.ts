import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';

/** Where a key comes from: a PEM file, PEM text, or an already-parsed KeyObject. */
export type KeySource = { file: string } | { pem: string } | KeyObject;

/**
 * Loads an RSA private key (PKCS#1 or PKCS#8 PEM). Throws ConfigError — never echoing key
 * material — for an unreadable file, text that is not a PEM private key, a public key given where
 * the private one belongs, or a key that is not RSA.
 */
export function loadPrivateKey(source: KeySource): KeyObject {
  if (isKeyObject(source)) return requireRsaPrivate(source, 'the given key');
  const { text, where } = readPem(source, 'private key');
  if (/-----BEGIN (RSA )?PUBLIC KEY-----/.test(text) || /-----BEGIN CERTIFICATE-----/.test(text))
    throw new ConfigError(`${where} holds a public key, not a private key: give the private key file you generated with the public key you uploaded to Seller Central`);
  if (/-----BEGIN ENCRYPTED PRIVATE KEY-----/.test(text))
    throw new ConfigError(`${where} is encrypted: decrypt it first (openssl pkey -in KEY -out PLAIN)`);
  if (!/-----BEGIN (RSA |EC |)PRIVATE KEY-----/.test(text))
    // The hint names the header without its five-dash armour: redact() removes anything from
    // "-----BEGIN …KEY-----" on, so that no key text can slip into a message.
    throw new ConfigError(`${where} is not a PEM private key: expected a "BEGIN PRIVATE KEY" (PKCS#8) or "BEGIN RSA PRIVATE KEY" (PKCS#1) header line, as \`amazon-pay-reports keys generate\` writes`);
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: text, format: 'pem' });
  } catch {
    throw new ConfigError(`${where} could not be parsed as a PEM private key (corrupt or truncated)`);
  }
  return requireRsaPrivate(key, where);
}

/** Loads an RSA public key (SPKI or PKCS#1 PEM), or derives it from a private key PEM. */
export function loadPublicKey(source: KeySource): KeyObject {
  if (isKeyObject(source)) return source.type === 'public' ? requireRsa(source, 'the given key') : createPublicKey(source);
  const { text, where } = readPem(source, 'public key');
  let key: KeyObject;
  try {
    key = createPublicKey({ key: text, format: 'pem' });
  } catch {
    throw new ConfigError(`${where} could not be parsed as a PEM public key`);
  }
  return requireRsa(key, where);
}

function readPem(source: { file: string } | { pem: string }, what: string): { text: string; where: string } {
  if ('pem' in source) return { text: source.pem, where: `the ${what} text` };
  let text: string;
  try {
    text = readFileSync(source.file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? 'error';
    throw new ConfigError(`cannot read the ${what} file ${source.file} (${code}): check the path and its permissions`);
  }
  return { text, where: `the ${what} file ${source.file}` };
}

function requireRsaPrivate(key: KeyObject, where: string): KeyObject {
  if (key.type !== 'private') throw new ConfigError(`${where} is a ${key.type} key, not a private key`);
  return requireRsa(key, where);
}

function requireRsa(key: KeyObject, where: string): KeyObject {
  if (key.asymmetricKeyType !== 'rsa')
    throw new ConfigError(`${where} is an ${key.asymmetricKeyType ?? 'unknown'} key; Amazon Pay needs an RSA key`);
  return key;
}

function isKeyObject(source: KeySource): source is KeyObject {
  return typeof (source as KeyObject).asymmetricKeyType !== 'undefined' || typeof (source as KeyObject).export === 'function';
}
