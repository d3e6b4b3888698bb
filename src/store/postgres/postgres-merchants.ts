import pg from 'pg';
import { formatIso } from '../../dates.js';
import { ConfigError } from '../../errors.js';
import type { Merchant } from '../../merchants/merchant.js';
import type { MerchantRegistry } from '../../merchants/merchant-registry.js';
import { prepareSchema } from './open-postgres-store.js';
import { safeDatabaseUrl, toPostgresError } from './to-postgres-error.js';

interface MerchantRow {
  name: string; public_key_id: string; private_key_file: string; region: string; environment: string; endpoint: string | null;
  report_types: string | null; every_seconds: number; rate_per_second: number | null; rate_burst: number | null;
  created_at: string; next_due_at: string;
}

/** Tables that hold a merchant's history (`remove --purge` empties them for it). */
const HISTORY = ['settlement_rows', 'settlements', 'transaction_rows', 'report_warnings', 'report_imports', 'disbursements', 'checkpoint', 'sync_runs', 'reports', 'store_meta'];

/** The merchant registry in PostgreSQL; migrates the schema like the store does. */
export async function openPostgresMerchants(url: string, options: { now?: () => Date; migrate?: boolean } = {}): Promise<MerchantRegistry> {
  const location = safeDatabaseUrl(url);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  pool.on('error', () => undefined);
  try {
    // Migrates like the store does, or (workers) only checks the schema is there.
    await prepareSchema(pool, location, options.migrate === false);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  const now = options.now ?? (() => new Date());
  const guard = <A extends unknown[], T>(fn: (...a: A) => Promise<T>) => async (...a: A): Promise<T> => {
    try {
      return await fn(...a);
    } catch (error) {
      throw toPostgresError(location, error);
    }
  };
  return {
    add: guard(async (m) => {
      const created = formatIso(now());
      const r = await pool.query<MerchantRow>(`INSERT INTO merchants (name, public_key_id, private_key_file, region, environment, endpoint,
        report_types, every_seconds, rate_per_second, rate_burst, created_at, next_due_at)
        VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) ON CONFLICT (name) DO NOTHING RETURNING *`, [
        m.name, m.publicKeyId, m.privateKeyFile, m.region, m.environment, m.endpoint ?? null,
        m.reportTypes ? JSON.stringify(m.reportTypes) : null, m.everySeconds, m.rate?.ratePerSecond ?? null, m.rate?.burst ?? null, created,
      ]);
      if (!r.rows[0]) throw new ConfigError(`a merchant named ${m.name} exists already: pick another name, or \`merchants remove ${m.name}\` first`);
      return toMerchant(r.rows[0]);
    }),
    list: guard(async () => (await pool.query<MerchantRow>('SELECT * FROM merchants ORDER BY name')).rows.map(toMerchant)),
    get: guard(async (name: string) => {
      const r = await pool.query<MerchantRow>('SELECT * FROM merchants WHERE name = $1', [name]);
      return r.rows[0] ? toMerchant(r.rows[0]) : undefined;
    }),
    remove: guard(async (name: string, opts: { purge?: boolean } = {}) => {
      const c = await pool.connect();
      try {
        await c.query('BEGIN');
        const r = await c.query('DELETE FROM merchants WHERE name = $1', [name]);
        if (opts.purge) for (const t of HISTORY) await c.query(`DELETE FROM ${t} WHERE merchant = $1`, [name]);
        await c.query('COMMIT');
        return (r.rowCount ?? 0) > 0;
      } catch (error) {
        await c.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        c.release();
      }
    }),
    claimDue: guard(async (at: Date) => {
      const t = formatIso(at);
      // One statement: a merchant claimed by one scheduler is no longer due for any other.
      const r = await pool.query<MerchantRow>(`UPDATE merchants SET next_due_at = to_char(
          (($1::text)::timestamptz + make_interval(secs => every_seconds)) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')
        WHERE next_due_at <= $1 RETURNING *`, [t]);
      return r.rows.map(toMerchant).sort((a, b) => a.name.localeCompare(b.name));
    }),
    close: async () => {
      await pool.end().catch(() => undefined);
    },
  };
}

function toMerchant(r: MerchantRow): Merchant {
  return {
    name: r.name, publicKeyId: r.public_key_id, privateKeyFile: r.private_key_file, region: r.region as Merchant['region'],
    environment: r.environment as Merchant['environment'], ...(r.endpoint === null ? {} : { endpoint: r.endpoint }),
    ...(r.report_types === null ? {} : { reportTypes: JSON.parse(r.report_types) as string[] }),
    everySeconds: r.every_seconds,
    ...(r.rate_per_second === null ? {} : { rate: { ratePerSecond: r.rate_per_second, burst: r.rate_burst ?? 1 } }),
    createdAt: r.created_at, nextDueAt: r.next_due_at,
  };
}

/** The registered merchants' names, or none when the database has no merchants table yet. */
export async function listMerchantNames(url: string): Promise<string[]> {
  const client = new pg.Client({ connectionString: url });
  client.on('error', () => undefined);
  try {
    await client.connect();
    const exists = await client.query<{ t: string | null }>(`SELECT to_regclass('merchants')::text AS t`);
    if (!exists.rows[0]?.t) return [];
    return (await client.query<{ name: string }>('SELECT name FROM merchants ORDER BY name')).rows.map((r) => r.name);
  } catch (error) {
    throw toPostgresError(safeDatabaseUrl(url), error);
  } finally {
    await client.end().catch(() => undefined);
  }
}
