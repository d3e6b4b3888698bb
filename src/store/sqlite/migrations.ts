import type { Database } from 'better-sqlite3';
import { reportsMigration } from './migrations/001-reports.js';
import { reportRowsMigration } from './migrations/002-report-rows.js';
import { storeMetaMigration } from './migrations/003-store-meta.js';
import { backfillRequestsMigration } from './migrations/004-backfill-requests.js';

/** One schema step. Applied in order; `PRAGMA user_version` records how many ran. */
export type Migration = (db: Database) => void;

/** Never edit a shipped migration: append a new one. */
export const MIGRATIONS: readonly Migration[] = [reportsMigration, reportRowsMigration, storeMetaMigration, backfillRequestsMigration];
