import type { Database } from 'better-sqlite3';
import { StoreError } from '../../errors.js';
import { MIGRATIONS, type Migration } from './migrations.js';

/** Brings the schema up to date, one `BEGIN IMMEDIATE` transaction per step, tracked by `PRAGMA user_version`. */
export function applyMigrations(db: Database, file: string, migrations: readonly Migration[] = MIGRATIONS): void {
  const version = (): number => Number(db.pragma('user_version', { simple: true }));
  const known = migrations.length;
  if (version() > known) throw newerSchema(file, version(), known);
  while (version() < known) {
    // IMMEDIATE takes the write lock first, so two processes cannot both run the same step.
    db.exec('BEGIN IMMEDIATE');
    try {
      const current = version();
      if (current > known) throw newerSchema(file, current, known);
      const step = migrations[current];
      if (step) {
        step(db);
        // PRAGMA takes no parameters; the value is our own integer.
        db.pragma(`user_version = ${current + 1}`);
      }
      db.exec('COMMIT');
    } catch (error) {
      if (db.inTransaction) db.exec('ROLLBACK');
      throw error;
    }
  }
}

function newerSchema(file: string, found: number, known: number): StoreError {
  return new StoreError(
    `${file} has schema version ${found}, newer than this version of amazon-pay-reports knows (${known}); upgrade amazon-pay-reports or use another --db`,
  );
}
