import type { Database } from 'better-sqlite3';

/** Reports, sync runs and the checkpoint (owned by the sync). */
export function reportsMigration(db: Database): void {
  void db; // TODO(sync): tables reports, sync_runs, checkpoint
}
