import { ConfigError } from '../errors.js';
import type { ResolvedSettings } from './context.js';

/** The multi-merchant commands live in PostgreSQL; a SQLite --db is a usage error that says so. */
export function requirePostgres(settings: ResolvedSettings, command: string): string {
  if (!/^postgres(ql)?:\/\//i.test(settings.db)) {
    throw new ConfigError(`${command} needs a PostgreSQL store: pass --db postgres://USER:PASSWORD@HOST/DB or set DATABASE_URL (see docs/postgres.md)`);
  }
  return settings.db;
}
