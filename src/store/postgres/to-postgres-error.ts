import { ConfigError, StoreError } from '../../errors.js';

/** A pg or socket failure as our error naming the store (never its password) and what to do. */
export function toPostgresError(location: string, error: unknown): unknown {
  if (error instanceof StoreError || error instanceof ConfigError) return error;
  const code = (error as { code?: unknown } | undefined)?.code;
  const detail = error instanceof Error ? error.message : String(error);
  if (typeof code !== 'string') return error;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH') {
    return new StoreError(`cannot reach the database at ${location} (${code}): check the host and port in --db / DATABASE_URL, and that PostgreSQL is running`, { cause: error });
  }
  if (code === '28P01' || code === '28000') {
    return new ConfigError(`the database at ${location} refused the login (${detail}): check the user and password in --db / DATABASE_URL`, { cause: error });
  }
  if (code === '3D000') return new ConfigError(`${detail} at ${location}: create it (createdb) or fix the name in --db`, { cause: error });
  if (code === '25006') return new StoreError(`the store ${location} is open read-only; this command may not write to it`, { cause: error });
  if (code === '53300') return new StoreError(`the database at ${location} has no free connection (${detail}); wait, or raise max_connections`, { cause: error });
  if (code === '40P01' || code === '40001') return new StoreError(`the database at ${location} aborted a transaction (${detail}); run again`, { cause: error });
  if (code.startsWith('08') || code === 'ECONNRESET' || code === '57P01') {
    return new StoreError(`lost the connection to the database at ${location} (${detail}); the last change was not committed — run again`, { cause: error });
  }
  if (code === '53100') return new StoreError(`the database server at ${location} is out of disk space; the last change was not committed`, { cause: error });
  return new StoreError(`the database at ${location} failed: ${detail} (${code})`, { cause: error });
}

/** The URL with its password replaced, fit for any message. */
export function safeDatabaseUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    u.search = '';
    return u.toString();
  } catch {
    return 'postgres://(unparsable URL)';
  }
}
