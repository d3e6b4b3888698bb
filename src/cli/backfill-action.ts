import { ConfigError } from '../errors.js';
import type { ReportType } from '../report-types.js';
import { shortReportType } from '../report-types.js';
import type { Store } from '../store/store.js';
import type { BackfillEvent, BackfillOutcome, BackfillSummary } from '../sync/backfill-types.js';
import type { CommandContext } from './context.js';
import { terminalBars } from './terminal-bars.js';
import { formatRate, logLearnedRates, rateSetting } from './rate-setting.js';

export interface BackfillFlags {
  backfill: Date;
  type?: ReportType[];
  since?: Date;
  concurrency?: number;
  rate?: string;
}

const OUTCOME_LABEL: Record<BackfillOutcome, string> = {
  imported: 'imported', cancelled: 'no data', failed: 'FAILED', pending: 'in progress', error: 'error',
};

/**
 * `sync --backfill SINCE`: creates, waits for, downloads and imports the reports of every month
 * from SINCE (backfillReports), with a bar per month on a terminal. Exit 1 when anything is left
 * for a rerun (a failure, a report Amazon marked FAILED, one still in progress).
 */
export async function runBackfill(ctx: CommandContext, flags: BackfillFlags): Promise<BackfillSummary> {
  if (flags.since !== undefined)
    throw new ConfigError('--since and --backfill do not go together: --backfill SINCE already says where the history starts; drop --since');
  const [{ backfillReports }, { checkBackfillSince }] = await Promise.all([import('../sync/backfill.js'), import('../sync/backfill-months.js')]);
  // Before credentials, store or network: a bad start is the user's to fix, whatever else is wrong.
  checkBackfillSince(flags.backfill, ctx.io.now(), '--backfill');
  const settings = ctx.settings();
  const rateLimit = rateSetting(flags.rate, settings);
  const client = ctx.createClient();
  const store = await ctx.openStore();
  try {
    ctx.log.verbose(`store ${store.location}, files under ${settings.out}`);
    const progress = await progressFor(ctx);
    let summary: BackfillSummary;
    try {
      summary = await backfillReports({
        client, store, outDir: settings.out, since: flags.backfill, now: ctx.io.now, concurrency: flags.concurrency ?? 4,
        ...(rateLimit ? { rateLimit } : {}),
        ...(flags.type ? { reportTypes: flags.type } : {}),
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
        onEvent: progress.onEvent,
      });
    } finally {
      progress.stop();
    }
    logLearnedRates(ctx, summary.rates);
    printSummary(ctx, summary, store, settings.out);
    if (summary.failed + summary.reportsFailed + summary.pending > 0) ctx.setExitCode(1);
    return summary;
  } finally {
    await store.close();
  }
}

/** On a terminal: a bar for the whole run and one per month in flight; elsewhere only problems (and --verbose lines). */
async function progressFor(ctx: CommandContext): Promise<{ onEvent: (e: BackfillEvent) => void; stop: () => void }> {
  const stderr = ctx.io.stderr;
  const log = (e: BackfillEvent): void => {
    if (e.type === 'failed') ctx.log.warn(`${e.month} ${shortReportType(e.reportType)} (${e.stage}${e.reportId ? ` ${e.reportId}` : ''}) failed: ${e.message}`);
    else if (e.type === 'warning') ctx.log.warn(e.message);
    else if (e.type === 'rate') ctx.log.verbose(`rate ${e.operation}: ${formatRate(e.ratePerSecond)}/s (${e.throttled} throttled so far)`);
    else if (e.type === 'planned') ctx.log.verbose(`backfill: ${e.months} months × ${e.reportTypes.length} report types, ${e.alreadyDone} done by an earlier run`);
    else if (e.type === 'month-done') ctx.log.verbose(`${e.month}: ${Object.entries(e.outcomes).map(([o, n]) => `${n} ${OUTCOME_LABEL[o as BackfillOutcome]}`).join(', ')}`);
  };
  if (!stderr.isTTY || ctx.settings().quiet) return { onEvent: log, stop: () => undefined };
  const { bars, start, stop } = await terminalBars(ctx, '{label} {bar} {value}/{total} {unit} | {stage}');
  type Bar = ReturnType<typeof bars.create>;
  let overall: Bar | undefined;
  const months = new Map<string, Bar>();
  return {
    onEvent(e) {
      if (e.type === 'planned') {
        overall = bars.create(e.months, 0, { label: 'backfill', unit: 'months', stage: `${e.reportTypes.length} report types` });
        start();
      } else if (e.type === 'month-started') {
        months.set(e.month, bars.create(e.reports, e.alreadyDone, { label: e.month.padEnd(8), unit: 'reports', stage: 'requesting' }));
      } else if (e.type === 'requested') {
        months.get(e.month)?.update({ stage: 'waiting for Amazon' });
      } else if (e.type === 'report-done') {
        if (!e.earlier) months.get(e.month)?.increment({ stage: 'downloading' });
      } else if (e.type === 'month-done') {
        const bar = months.get(e.month);
        if (bar) bars.remove(bar);
        months.delete(e.month);
        overall?.increment();
      }
      log(e);
    },
    stop,
  };
}

function printSummary(ctx: CommandContext, s: BackfillSummary, store: Store, outDir: string): void {
  if (ctx.settings().json) {
    ctx.output.json({ ...s, db: store.location, out: outDir });
    return;
  }
  const rows = [
    ['months', s.months.length], ['requested', s.requested], ['done by an earlier run', s.alreadyDone],
    ['downloaded', s.downloaded], ['imported', s.imported], ['no data (CANCELLED)', s.cancelled], ['failed at Amazon', s.reportsFailed],
    ['still in progress', s.pending], ['failed', s.failed], ['API calls', s.apiCalls], ['throttled (429/503)', s.throttled], ['bytes written', s.bytes],
  ].map(([what, count]) => ({ what, count }));
  ctx.output.table(rows, [{ key: 'what', header: 'BACKFILL' }, { key: 'count', header: 'COUNT', align: 'right' }]);
  ctx.output.line('');
  const columns = s.reportTypes.map((t) => ({ key: t, header: shortReportType(t).toUpperCase() }));
  const months = s.months.map((m) => Object.fromEntries([['month', m.month], ...m.reports.map((r) => [r.reportType, OUTCOME_LABEL[r.outcome]])]) as Record<string, string>);
  ctx.output.table(months, [{ key: 'month', header: 'MONTH' }, ...columns]);
  ctx.output.line('');
  ctx.output.line(`range:      ${s.since} .. ${s.until} (whole UTC months; the current one is left to sync)`);
  ctx.output.line(`files:      ${outDir}`);
  ctx.output.line(`store:      ${store.location}`);
  if (s.pending + s.failed + s.reportsFailed > 0) ctx.output.line('next:       run the same command again: it fetches what is left and requests nothing twice');
}
