import { accessSync, constants, existsSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Client } from '../client/types.js';
import { safeMessage } from '../errors.js';
import { redact } from '../redact.js';
import { describeIdentity, identityOf, sameOwner } from '../store/store-identity.js';
import type { CommandContext } from './context.js';

/** One line of `doctor`: what was checked, whether it passed, and what to do when it did not. */
export interface DoctorCheck {
  check: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** Amazon refuses a signature this far off its clock (api.md §7); the client corrects smaller skews itself. */
const SKEW_LIMIT_MS = 5 * 60_000;
/** Less free space than this under --out is a failure: one month's settlement files can take that. */
const MIN_FREE_BYTES = 512 * 1024 * 1024;

/**
 * Every check `doctor` runs, in order. Later checks that need an earlier one (a signed call needs
 * a key) say so instead of failing for the same reason twice.
 */
export async function runDoctorChecks(ctx: CommandContext): Promise<DoctorCheck[]> {
  const settings = ctx.settings();
  const out: DoctorCheck[] = [];
  const fail = (check: string, detail: string, fix: string): void => void out.push({ check, ok: false, detail, fix });
  const pass = (check: string, detail: string): void => void out.push({ check, ok: true, detail });

  // 1. The key and the Public Key ID, by building the client (it loads the key and checks the id).
  let client: Client | undefined;
  const id = settings.publicKeyId;
  if (id === undefined) fail('public key id', 'none configured', 'pass --public-key-id ID or set AMAZON_PAY_PUBLIC_KEY_ID (Seller Central shows it next to your public key)');
  else if (!/^[A-Za-z0-9_.-]{8,}$/.test(id)) fail('public key id', `${JSON.stringify(redact(id).slice(0, 40))} is not a Public Key ID`, 'copy the Public Key ID from Seller Central (Integration Central → API keys), e.g. LIVE-AE3EXAMPLE7KEYID');
  else pass('public key id', /^(LIVE|SANDBOX)/i.test(id) ? `${id} (its prefix selects the environment)` : `${id} (environment: ${settings.sandbox ? 'sandbox' : 'live'}, from --sandbox)`);
  if (settings.privateKeyFile === undefined && settings.privateKeyPem === undefined) {
    fail('private key', 'none configured', 'pass --private-key FILE or set AMAZON_PAY_PRIVATE_KEY_FILE (the private key of the pair whose public key is in Seller Central)');
  } else {
    try {
      client = ctx.createClient();
      pass('private key', settings.privateKeyFile ? `${settings.privateKeyFile}: an RSA private key` : 'AMAZON_PAY_PRIVATE_KEY: an RSA private key');
    } catch (error) {
      if (id !== undefined) fail('private key', safeMessage(error), 'give the private key file (PEM) of the pair whose public key you uploaded');
    }
  }

  // 2. One cheap signed call: the endpoint answers, accepts the signature, and its Date tells the skew.
  if (client) {
    try {
      for await (const page of client.reports.pages({ pageSize: 1 })) {
        void page;
        break;
      }
      pass('endpoint', `${client.info.baseUrl} answered a signed getReports`);
      const skew = client.clockOffsetMs;
      if (Math.abs(skew) > SKEW_LIMIT_MS) fail('clock', `this machine's clock is ${Math.round(skew / 1000)} s off the server's`, 'set the clock right (enable NTP: timedatectl set-ntp true); Amazon rejects signatures far off its time');
      else pass('clock', `within ${Math.max(1, Math.round(Math.abs(skew) / 1000))} s of the server's`);
    } catch (error) {
      fail('endpoint', safeMessage(error), hintFor(error));
      out.push({ check: 'clock', ok: false, detail: 'not measured: the signed call failed', fix: 'fix the endpoint check first' });
    }
  } else {
    out.push({ check: 'endpoint', ok: false, detail: 'not tried: no usable credentials', fix: 'fix the key checks first' });
  }

  // 3. The store: integrity, schema, and whose it is.
  if (!existsSync(settings.db)) {
    pass('store', `${settings.db} does not exist yet; the first sync creates it`);
  } else {
    try {
      const store = await ctx.openStore({ readOnly: true });
      try {
        const health = await store.checkIntegrity();
        if (health.ok) pass('store', `${settings.db}: integrity ok, schema ${health.schemaVersion}`);
        else fail('store', `${settings.db}: ${health.schemaVersion !== health.knownSchemaVersion ? `schema ${health.schemaVersion}, this version uses ${health.knownSchemaVersion}` : health.detail}`, 'restore the store from a backup, or move it aside and sync again to rebuild it');
        const owner = await store.getIdentity();
        if (owner && client && !sameOwner(owner, identityOf(client.info))) {
          fail('store owner', `the store belongs to ${describeIdentity(owner)}; the configured account is ${describeIdentity(identityOf(client.info))}`, 'pass --db with this account\'s store (or a new file)');
        } else {
          pass('store owner', owner ? describeIdentity(owner) : 'not bound yet (the first sync records it)');
        }
      } finally {
        await store.close();
      }
    } catch (error) {
      fail('store', safeMessage(error), 'restore the store from a backup, or move it aside and sync again to rebuild it');
    }
  }

  // 4. Room for the files.
  const folder = nearestExisting(settings.out);
  try {
    accessSync(folder, constants.W_OK);
    const fs = statfsSync(folder);
    const free = fs.bavail * fs.bsize;
    if (free < MIN_FREE_BYTES) fail('disk', `${folder}: only ${mib(free)} MiB free`, `free at least ${mib(MIN_FREE_BYTES)} MiB, or pass --out on a larger disk`);
    else pass('disk', `${folder}: ${mib(free)} MiB free, writable`);
  } catch (error) {
    fail('disk', `${folder}: ${safeMessage(error)}`, 'pass --out with a folder you can write to');
  }
  return out;
}

function nearestExisting(path: string): string {
  let p = path;
  while (!existsSync(p) && dirname(p) !== p) p = dirname(p);
  return p;
}

function mib(bytes: number): number {
  return Math.floor(bytes / 1024 / 1024);
}

function hintFor(error: unknown): string {
  const status = (error as { status?: unknown }).status;
  if (status === 401 || status === 403) return 'the signature was refused: check the Public Key ID matches the private key, and the region and environment (--region, --sandbox)';
  return 'check the network, --endpoint and --region';
}
