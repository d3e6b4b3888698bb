import { Option, type Command } from 'commander';
import type { Report } from '../../client/types.js';
import { formatIso } from '../../dates.js';
import { ConfigError } from '../../errors.js';
import type { CommandContext, RegisterCommand } from '../context.js';
import { formatFields } from '../output.js';
import { pageSize, positiveInt, reportType, reportTypes, statuses, time } from '../parsers.js';
import { REPORT_COLUMNS, REPORT_FIELDS, reportRow } from '../report-view.js';
import { waitForReport } from '../wait-for-report.js';

interface ListOptions {
  type?: string[];
  status?: string[];
  since?: Date;
  until?: Date;
  pageSize?: number;
  limit?: number;
}

interface CreateOptions {
  type: string;
  start: Date;
  end: Date;
  wait?: boolean;
  timeout: number;
}

/** `reports list|get|create`: the Get Reports, Get Report By Id and Create Report operations. */
const register: RegisterCommand = (program, ctx) => {
  const reports = program.command('reports');

  reports
    .command('list')
    .description('list reports, following nextToken to the end (or --limit)')
    .option('--type <type>', 'report type, full or short name (settlement, refund, …); repeatable or comma-separated', reportTypes)
    .option('--status <status>', 'IN_PROGRESS, COMPLETED, FAILED or CANCELLED; repeatable or comma-separated', statuses)
    .option('--since <time>', 'created at or after this time (ISO 8601; the API defaults to 90 days ago)', time)
    .option('--until <time>', 'created at or before this time (ISO 8601)', time)
    .option('--page-size <n>', 'reports per request, 1..100 (API default 10)', pageSize)
    .option('--limit <n>', 'stop after this many reports', positiveInt('--limit'))
    .addHelpText('after', '\nExample:\n  $ amazon-pay-reports reports list --type settlement,refund --status COMPLETED --since 2026-11-01 --json\n')
    .action(async (_opts: unknown, cmd: Command) => listReports(ctx, cmd.opts<ListOptions>()));

  reports
    .command('get')
    .description('show one report')
    .argument('<reportId>', 'the report id')
    .action(async (reportId: string) => {
      const report = await ctx.createClient().reports.get(reportId);
      printReport(ctx, report);
    });

  reports
    .command('create')
    .description('request a report for a time range (Create Report); --wait polls until it is done')
    .requiredOption('--type <type>', 'report type, full or short name', reportType)
    .requiredOption('--start <time>', 'start of the range (ISO 8601)', time)
    .requiredOption('--end <time>', 'end of the range (ISO 8601)', time)
    .option('--wait', 'poll with backoff until the report leaves IN_PROGRESS, then print it')
    .addOption(new Option('--timeout <seconds>', 'give up waiting after this long').default(900).argParser(positiveInt('--timeout')))
    .addHelpText('after', '\nSettlement reports cannot be requested: Amazon creates one for each settlement (list them with\n`reports list --type settlement`).\n\nExample:\n  $ amazon-pay-reports reports create --type refund --start 2026-11-01 --end 2026-11-08 --wait\n')
    .action(async (_opts: unknown, cmd: Command) => createReport(ctx, cmd.opts<CreateOptions>()));
};
export default register;

async function listReports(ctx: CommandContext, opts: ListOptions): Promise<void> {
  const client = ctx.createClient();
  const found: Report[] = [];
  const query = {
    ...(opts.type && { reportTypes: opts.type }),
    ...(opts.status && { processingStatuses: opts.status }),
    ...(opts.since && { createdSince: opts.since }),
    ...(opts.until && { createdUntil: opts.until }),
    ...(opts.pageSize !== undefined && { pageSize: opts.pageSize }),
  };
  for await (const report of client.reports.list(query)) {
    found.push(report);
    if (opts.limit !== undefined && found.length >= opts.limit) break;
  }
  if (ctx.settings().json) return ctx.output.json(found);
  if (found.length === 0) return ctx.log.info('No reports match.');
  ctx.output.table(found.map(reportRow), REPORT_COLUMNS);
}

async function createReport(ctx: CommandContext, opts: CreateOptions): Promise<void> {
  if (opts.start.getTime() >= opts.end.getTime())
    throw new ConfigError(`--start ${formatIso(opts.start)} must be before --end ${formatIso(opts.end)}`);
  const client = ctx.createClient();
  const { reportId } = await client.reports.create({ reportType: opts.type, startTime: opts.start, endTime: opts.end });
  ctx.log.info(`Requested report ${reportId}.`);
  const report = opts.wait
    ? await waitForReport(client, reportId, { timeoutMs: opts.timeout * 1000, log: ctx.log })
    : await client.reports.get(reportId);
  printReport(ctx, report);
  if (opts.wait && report.processingStatus !== 'COMPLETED') {
    const why = report.processingStatus === 'CANCELLED'
      ? 'Amazon cancels a report when its range holds no data (or it was cancelled); there is no file'
      : 'Amazon could not generate it; request it again';
    ctx.log.warn(`report ${reportId} ended ${report.processingStatus}: ${why}`);
    ctx.setExitCode(1);
  }
}

function printReport(ctx: CommandContext, report: Report): void {
  if (ctx.settings().json) return ctx.output.json(report);
  ctx.output.line(formatFields(report as unknown as Record<string, unknown>, REPORT_FIELDS).trimEnd());
}
