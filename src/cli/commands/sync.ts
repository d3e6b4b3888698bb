import { resolve } from 'node:path';
import { Option } from 'commander';
import type { Client } from '../../client/types.js';
import type { ReportType } from '../../report-types.js';
import type { Store } from '../../store/store.js';
import type { SyncEvent, SyncSummary } from '../../sync/sync-types.js';
import type { CommandContext, RegisterCommand } from '../context.js';
import { positiveInt, reportTypes, time } from '../parsers.js';
import { formatRate, logLearnedRates, rateSetting } from '../rate-setting.js';
import { DEMO_DB, DEMO_OUT } from '../settings.js';

interface SyncFlags {
  type?: ReportType[];
  since?: Date;
  concurrency?: number;
  rate?: string;
  backfill?: Date;
}

/** The seed and history of the embedded emulator: fixed, so `npm start` shows the same data every time. */
const DEMO = { seed: 1, days: 90 };

const NO_CREDENTIALS = `No Amazon Pay credentials are configured, so this syncs the built-in emulator's synthetic data (not your account).
To sync your real reports, set AMAZON_PAY_PUBLIC_KEY_ID and AMAZON_PAY_PRIVATE_KEY_FILE (or pass --public-key-id ID --private-key FILE).`;

/** `sync`: every new COMPLETED report into --out and --db; resumable; the main job. */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('sync')
    .option('--type <type>', 'only this report type, full or short name (repeatable)', reportTypes)
    .option('--since <time>', 'list reports created since TIME instead of since the last checkpoint', time)
    .addOption(new Option('--concurrency <n>', 'downloads in flight at once, default 8 (with --backfill: months, default 4)').argParser(positiveInt('--concurrency')))
    .option('--rate <rate[:burst]>', 'API calls per second per operation, at most (default 100:20; also AMAZON_PAY_RATE, config "rate"): the quota below it is learned from 429s')
    .option('--backfill <since>', 'history older than the 90 days the API lists: create, wait for and import the reports of every month from SINCE (date or ISO time)', time)
    .addHelpText('after', `
With no credentials configured, sync runs against the embedded emulator's synthetic data.
A rerun with nothing new costs about two API calls. Amazon publishes no quota for these operations:
sync starts at 5 calls/s per operation, speeds up while calls succeed, and slows down on a 429 or
503 (honouring Retry-After); --rate caps it, and --verbose shows what it learned. Exit status 1 when any report failed to download
or to import (it is tried again next run). A store records whose account it holds: a sync for
another account is refused (exit 2); use another --db for it. Without credentials, the demo data
goes to ./demo/amazon-pay-reports.db and ./demo/reports.

Examples:
  $ amazon-pay-reports sync
  $ amazon-pay-reports sync --type settlement --json
  $ amazon-pay-reports sync --backfill 2024-01-01   # refund, authorization, … reports month by month (resumable)
  0 * * * * cd /srv/books && amazon-pay-reports sync --quiet   # crontab: hourly
`)
    .action(async (flags: SyncFlags) => {
      if (flags.backfill !== undefined) {
        const { runBackfill } = await import('../backfill-action.js');
        await runBackfill(ctx, { ...flags, backfill: flags.backfill });
        return;
      }
      const summary = await runSync(ctx, flags);
      if (summary.failed > 0 || summary.importFailed > 0) ctx.setExitCode(1);
    });
};
export default register;

async function runSync(ctx: CommandContext, flags: SyncFlags): Promise<SyncSummary> {
  const settings = ctx.settings();
  const rateLimit = rateSetting(flags.rate, settings);
  let closeEmulator: (() => Promise<void>) | undefined;
  let store: Store | undefined;
  // Half a configuration (a key id without a key, say) is a mistake to report, not a reason for demo data.
  const nothingConfigured = settings.publicKeyId === undefined && settings.privateKeyFile === undefined && settings.privateKeyPem === undefined;
  try {
    let client: Client;
    let db = settings.db;
    let out = settings.out;
    const demo = !ctx.hasCredentials() && nothingConfigured && settings.endpoint === undefined;
    if (demo) {
      // Synthetic data lives apart from real data; a --db or --out chosen for it is the user's call (and the store's identity check still guards a real store).
      if (!settings.dbChosen) db = resolve(ctx.io.cwd, DEMO_DB);
      if (!settings.outChosen) out = resolve(ctx.io.cwd, DEMO_OUT);
      ctx.log.info(`${NO_CREDENTIALS}\nDemo data goes to ${db} and ${out}.`);
      const { createEmulator } = await import('../../emulator/index.js');
      const emulator = await createEmulator(DEMO);
      closeEmulator = () => emulator.close();
      const merchant = emulator.defaultMerchant;
      if (!merchant) throw new Error('the embedded emulator made no merchant key');
      client = ctx.createClient({ endpoint: emulator.url, publicKeyId: merchant.publicKeyId, privateKeyPem: merchant.privateKeyPem });
    } else {
      client = ctx.createClient();
    }
    const { syncReports } = await import('../../sync/sync.js');
    store = await ctx.openStore({ db });
    const opened = store;
    ctx.log.verbose(`store ${opened.location}, files under ${out}`);
    const progress = await progressFor(ctx);
    let summary: SyncSummary;
    try {
      summary = await syncReports({
        client, store: opened, outDir: out, now: ctx.io.now, ...(flags.concurrency === undefined ? {} : { concurrency: flags.concurrency }),
        ...(rateLimit ? { rateLimit } : {}),
        ...(flags.type ? { reportTypes: flags.type } : {}),
        ...(flags.since ? { since: flags.since } : {}),
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
        onEvent: progress.onEvent,
      });
    } finally {
      progress.stop();
    }
    logLearnedRates(ctx, summary.rates);
    await printSummary(ctx, summary, opened, out, demo);
    return summary;
  } finally {
    await store?.close();
    await closeEmulator?.();
  }
}

/** A progress bar on a terminal only; without one, nothing (cron mails stay short). */
async function progressFor(ctx: CommandContext): Promise<{ onEvent: (e: SyncEvent) => void; stop: () => void }> {
  const quiet = ctx.settings().quiet;
  const stderr = ctx.io.stderr;
  const log = (e: SyncEvent): void => {
    if (e.type === 'failed') ctx.log.warn(e.stage === 'import' ? `${e.reportId}: ${e.message}` : `${e.reportId}: download failed: ${e.message}`);
    else if (e.type === 'warning') ctx.log.warn(e.reportId ? `${e.reportId}: ${e.message}` : e.message);
    else if (e.type === 'window') ctx.log.verbose(`listing reports created ${e.createdSince} .. ${e.createdUntil}`);
    else if (e.type === 'downloaded') ctx.log.verbose(`${e.reportId}: ${e.bytes} bytes → ${e.path}`);
    else if (e.type === 'rate') ctx.log.verbose(`rate ${e.operation}: ${formatRate(e.ratePerSecond)}/s (${e.throttled} throttled so far)`);
  };
  if (!stderr.isTTY || quiet) return { onEvent: log, stop: () => undefined };
  const { default: cliProgress } = await import('cli-progress');
  // A MultiBar (of one bar) prints what is given to its log() above the bar and redraws the bar
  // below: every log line, the client's retry notices included, goes there while it is drawn.
  const bars = new cliProgress.MultiBar({
    stream: stderr as unknown as NodeJS.WritableStream,
    format: 'downloading {bar} {value}/{total} reports | {eta_formatted} left',
    hideCursor: true,
    clearOnComplete: true,
  }, cliProgress.Presets.shades_classic);
  let bar: ReturnType<typeof bars.create> | undefined;
  let restoreLog: (() => void) | undefined;
  return {
    onEvent(e) {
      // The total grows page by page while the first downloads run.
      if ((e.type === 'queued' || e.type === 'planned') && e.toDownload > 0) {
        if (bar) bar.setTotal(e.toDownload);
        else {
          bar = bars.create(e.toDownload, 0);
          restoreLog = ctx.log.redirect((line) => bars.log(line));
        }
      } else if ((e.type === 'downloaded' || e.type === 'failed') && bar) {
        bar.increment();
      }
      log(e);
    },
    stop: () => {
      if (!bar) return;
      bars.update(); // prints the lines logged since the last redraw, which stop() alone would drop
      bars.stop();
      restoreLog?.();
      bar = undefined;
    },
  };
}

async function printSummary(ctx: CommandContext, s: SyncSummary, store: Store, outDir: string, demo: boolean): Promise<void> {
  if (ctx.settings().json) {
    ctx.output.json({ ...s, db: store.location, out: outDir, emulator: demo });
    return;
  }
  const rows = [
    ['listed', s.listed], ['downloaded', s.downloaded], ['already stored', s.skipped], ['failed', s.failed],
    ['imported', s.imported], ['import failed', s.importFailed],
    ['in progress', s.inProgress], ['cancelled', s.cancelled], ['failed at Amazon', s.reportsFailed],
    ['disbursements', s.disbursements], ['API calls', s.apiCalls], ...(s.throttled > 0 ? [['throttled (429/503)', s.throttled]] : []), ['bytes written', s.bytes],
  ].map(([what, count]) => ({ what, count }));
  ctx.output.table(rows, [{ key: 'what', header: 'SYNC' }, { key: 'count', header: 'COUNT', align: 'right' }]);
  ctx.output.line('');
  const byType = new Map<string, { reports: number; bytes: number }>();
  for (const r of await store.listReports({ downloaded: true })) {
    const t = byType.get(r.reportType) ?? { reports: 0, bytes: 0 };
    t.reports++;
    t.bytes += r.bytes ?? 0;
    byType.set(r.reportType, t);
  }
  if (byType.size > 0) {
    const stored = [...byType].map(([reportType, t]) => ({ reportType, reports: t.reports, bytes: t.bytes }));
    ctx.output.table(stored, [{ key: 'reportType', header: 'STORED REPORT TYPE' }, { key: 'reports', header: 'FILES', align: 'right' }, { key: 'bytes', header: 'BYTES', align: 'right' }]);
    ctx.output.line('');
  }
  ctx.output.line(`files:      ${outDir}`);
  ctx.output.line(`store:      ${store.location}`);
  ctx.output.line(`checkpoint: ${s.checkpoint ?? 'none'} (next run lists from 15 minutes before it, from 2 days every 6 hours)`);
  if (demo) ctx.output.line('source:     the embedded emulator (synthetic data; no credentials configured)');
}
