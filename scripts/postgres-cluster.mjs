// A throwaway PostgreSQL cluster on 127.0.0.1 and a free port, with password auth: for the test
// suite and the benchmarks (plain JS, so both can load it; types in postgres-cluster.d.mts).
import { execFileSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

/** Debian's server binaries: /usr/lib/postgresql/<major>/bin. */
function binDir() {
  const base = '/usr/lib/postgresql';
  const majors = existsSync(base) ? readdirSync(base).filter((v) => existsSync(join(base, v, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a)) : [];
  if (majors.length === 0) throw new Error('PostgreSQL server binaries not found under /usr/lib/postgresql: apt-get install postgresql');
  return join(base, majors[0], 'bin');
}

async function freePort() {
  const server = createServer();
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  await new Promise((resolve) => server.close(() => resolve()));
  return port;
}

/**
 * initdb + pg_ctl start in a temp folder. PostgreSQL refuses to run as root, so as root the
 * folder is given to the `postgres` user and the binaries run through `runuser`.
 */
export async function startPostgres() {
  const bin = binDir();
  const dir = mkdtempSync(join(tmpdir(), 'apr-pg-'));
  const root = userInfo().uid === 0;
  const owner = root ? Number(execFileSync('id', ['-u', 'postgres']).toString().trim()) : undefined;
  if (owner !== undefined) {
    chownSync(dir, owner, owner);
    chmodSync(dir, 0o700);
  }
  const run = (cmd, args) => {
    const exe = join(bin, cmd);
    if (root) execFileSync('runuser', ['-u', 'postgres', '--', exe, ...args], { stdio: 'pipe' });
    else execFileSync(exe, args, { stdio: 'pipe' });
  };
  const password = 'pw-' + Math.random().toString(36).slice(2, 10);
  const pwfile = join(dir, 'pw');
  writeFileSync(pwfile, password);
  if (owner !== undefined) chownSync(pwfile, owner, owner);
  const data = join(dir, 'data');
  run('initdb', ['-D', data, '-U', 'postgres', '--pwfile', pwfile, '--auth-host=scram-sha-256', '--auth-local=trust', '--no-sync', '-E', 'UTF8', '--locale=C']);
  const port = await freePort();
  // No fsync: a throwaway cluster for tests; the store's own durability is PostgreSQL's business.
  run('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, 'start']);
  return {
    url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
    port,
    password,
    stop() {
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
