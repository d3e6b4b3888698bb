import type { Command } from 'commander';
import type { ReportSchedule } from '../../client/types.js';
import { shortReportType } from '../../report-types.js';
import type { CommandContext, RegisterCommand } from '../context.js';
import { formatFields } from '../output.js';
import { frequency, reportType, reportTypes, time } from '../parsers.js';
import { scheduleConflictInCliTerms } from '../schedule-conflict.js';
import { SCHEDULE_COLUMNS, SCHEDULE_FIELDS, scheduleRow } from '../report-view.js';

interface CreateOptions {
  type: string;
  frequency: string;
  next?: Date;
  replace?: boolean;
}

/** `schedules list|get|create|cancel`: the four report schedule operations. */
const register: RegisterCommand = (program, ctx) => {
  const schedules = program.command('schedules');

  schedules
    .command('list')
    .description('list report schedules')
    .option('--type <type>', 'report type, full or short name; repeatable or comma-separated', reportTypes)
    .action(async (_opts: unknown, cmd: Command) => {
      const { type } = cmd.opts<{ type?: string[] }>();
      const found = await ctx.createClient().reportSchedules.list(type ? { reportTypes: type } : {});
      if (ctx.settings().json) return ctx.output.json(found);
      if (found.length === 0) return ctx.log.info('No report schedules.');
      ctx.output.table(found.map(scheduleRow), SCHEDULE_COLUMNS);
    });

  schedules
    .command('get')
    .description('show one report schedule')
    .argument('<reportScheduleId>', 'the schedule id')
    .action(async (id: string) => printSchedule(ctx, await ctx.createClient().reportSchedules.get(id)));

  schedules
    .command('create')
    .description('schedule a report type (Create Report Schedule)')
    .requiredOption('--type <type>', 'report type, full or short name', reportType)
    .requiredOption('--frequency <period>', 'ISO 8601 period: P1D, P7D, PT12H, …', frequency)
    .option('--next <time>', 'when the next report is created (ISO 8601)', time)
    .option('--replace', 'replace the existing schedule for this report type (Amazon allows one per type)')
    .addHelpText('after', '\nExample:\n  $ amazon-pay-reports schedules create --type order-reference --frequency P1D --next 2026-12-01T06:00:00Z\n')
    .action(async (_opts: unknown, cmd: Command) => createSchedule(ctx, cmd.opts<CreateOptions>()));

  schedules
    .command('cancel')
    .description('cancel a report schedule')
    .argument('<reportScheduleId>', 'the schedule id')
    .action(async (id: string) => {
      await ctx.createClient().reportSchedules.cancel(id);
      if (ctx.settings().json) return ctx.output.json({ reportScheduleId: id, cancelled: true });
      ctx.output.line(`Cancelled report schedule ${id}.`);
    });
};
export default register;

async function createSchedule(ctx: CommandContext, opts: CreateOptions): Promise<void> {
  const client = ctx.createClient();
  const { reportScheduleId } = await client.reportSchedules.create({
    reportType: opts.type,
    scheduleFrequency: opts.frequency,
    ...(opts.next && { nextReportCreationTime: opts.next }),
    ...(opts.replace && { deleteExistingSchedule: true }),
  }).catch((error: unknown) => {
    throw scheduleConflictInCliTerms(error, shortReportType(opts.type));
  });
  ctx.log.info(`Created report schedule ${reportScheduleId}.`);
  printSchedule(ctx, await client.reportSchedules.get(reportScheduleId));
}

function printSchedule(ctx: CommandContext, schedule: ReportSchedule): void {
  if (ctx.settings().json) return ctx.output.json(schedule);
  ctx.output.line(formatFields(schedule as unknown as Record<string, unknown>, SCHEDULE_FIELDS).trimEnd());
}
