import type { RegisterCommand } from './context.js';

/** A top-level command as `--help` lists it, and the module that defines the rest of it. */
export interface CommandEntry {
  name: string;
  /** The arguments as the command list shows them (`<reportId>`); the module declares them with their help. */
  args?: string;
  description: string;
  /** Calls the Amazon Pay API: the client (signing, HTTP) is loaded before its action runs; other commands never load it. */
  api?: true;
  load(): Promise<{ default: RegisterCommand }>;
}

/**
 * Every command, in help order: the API operations, then files and the store, then tools. Only
 * the module of the command being run is imported, so `--help` and `--version` cost little more
 * than starting Node; the names and descriptions here are what the command list and the
 * "Did you mean" suggestions are made from.
 */
export const COMMANDS: readonly CommandEntry[] = [
  { name: 'reports', api: true, description: 'list, inspect and request reports', load: () => import('./commands/reports.js') },
  { name: 'documents', api: true, description: "get a report document's download URL", load: () => import('./commands/documents.js') },
  { name: 'schedules', api: true, description: 'manage report schedules (reports Amazon creates on a cadence)', load: () => import('./commands/schedules.js') },
  { name: 'disbursements', api: true, description: 'payouts to your bank account', load: () => import('./commands/disbursements.js') },
  {
    name: 'download', api: true, args: '<reportId>', description: "download one report's file into --out (atomically; a fresh URL per attempt)",
    load: () => import('./commands/download.js'),
  },
  {
    name: 'sync', api: true, description: 'download every new COMPLETED report into --out and record it in --db (resumable; safe to run from cron)',
    load: () => import('./commands/sync.js'),
  },
  { name: 'parse', args: '<file>', description: "a report file's rows as typed records (warnings on stderr)", load: () => import('./commands/parse.js') },
  {
    name: 'settlements', description: "per-settlement summary from --db: gross sales, refunds, fees, net, and the payout's date and bank reference",
    load: () => import('./commands/settlements.js'),
  },
  {
    name: 'export', args: '<what>',
    description: 'settlement rows or summaries as CSV/JSON/NDJSON, or books-ready journals: neutral journal, DATEV, Xero, QuickBooks, camt.053',
    load: () => import('./commands/export.js'),
  },
  { name: 'accounts', description: 'the account mapping (accounts.json) the accounting exports book to', load: () => import('./commands/accounts.js') },
  {
    name: 'reconcile', description: 'integrity and payout checks from --db: row sums vs Transfer, identities, period gaps, duplicates, disbursements',
    load: () => import('./commands/reconcile.js'),
  },
  {
    name: 'dashboard', description: 'look at the store in a browser: payouts, fees, refunds, settlements and their rows (offline, read-only)',
    load: () => import('./commands/dashboard.js'),
  },
  { name: 'report', description: 'write a report of the store to a file', load: () => import('./commands/report.js') },
  { name: 'merchants', description: 'the Amazon Pay accounts a PostgreSQL store syncs (multi-merchant mode)', load: () => import('./commands/merchants.js') },
  {
    name: 'worker', description: "run merchants' sync jobs (pg-boss queue sync-merchant) until SIGINT/SIGTERM; several workers share the work",
    load: () => import('./commands/worker.js'),
  },
  { name: 'status', description: 'per merchant: last run, next due, reports stored, recent failures (PostgreSQL store)', load: () => import('./commands/status.js') },
  { name: 'doctor', api: true, description: 'check the key, Public Key ID, clock, endpoint, store and disk; one line each with the fix', load: () => import('./commands/doctor.js') },
  { name: 'keys', description: 'manage API signing keys', load: () => import('./commands/keys.js') },
  {
    name: 'emulator', description: 'run the local Amazon Pay Reports API emulator (synthetic data, no account needed)',
    load: () => import('./commands/emulator.js'),
  },
];
