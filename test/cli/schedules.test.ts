import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportSchedule } from '../../src/client/types.js';
import { REPORT_TYPES } from '../../src/report-types.js';
import { json, runCli, startEmulator, type EmulatorFixture } from './run-cli.js';

describe('schedules', () => {
  let f: EmulatorFixture;
  beforeAll(async () => {
    f = await startEmulator();
  });
  afterAll(() => f.emulator.close());

  it('creates, lists, gets and cancels a schedule', async () => {
    const created = await runCli(['schedules', 'create', '--type', 'order-reference', '--frequency', 'p7d', '--next', '2099-01-01T06:00:00Z', '--json', ...f.args], f.env);
    expect(created.code).toBe(0);
    const schedule = json<ReportSchedule>(created);
    expect(schedule).toMatchObject({ reportType: REPORT_TYPES['order-reference'], scheduleFrequency: 'P7D', nextReportCreationTime: '2099-01-01T06:00:00Z' });
    const id = schedule.reportScheduleId;

    const listed = await runCli(['schedules', 'list', '--type', 'order-reference', '--json', ...f.args], f.env);
    expect(json<ReportSchedule[]>(listed)).toEqual([schedule]);

    const table = await runCli(['schedules', 'list', ...f.args], f.env);
    expect(table.stdout).toMatch(/^SCHEDULE ID\s+TYPE\s+FREQUENCY\s+NEXT REPORT$/m);
    expect(table.stdout).toMatch(new RegExp(`^${id}\\s+order-reference\\s+P7D\\s+2099-01-01T06:00:00Z$`, 'm'));

    const got = await runCli(['schedules', 'get', id, ...f.args], f.env);
    expect(got.stdout).toMatch(new RegExp(`^reportScheduleId\\s+${id}$`, 'm'));
    expect(got.stdout).toMatch(/^scheduleFrequency\s+P7D$/m);

    const cancelled = await runCli(['schedules', 'cancel', id, '--json', ...f.args], f.env);
    expect(cancelled.code).toBe(0);
    expect(json(cancelled)).toEqual({ reportScheduleId: id, cancelled: true });
    expect(json<ReportSchedule[]>(await runCli(['schedules', 'list', '--json', ...f.args], f.env))).toEqual([]);
  });

  it('refuses a second schedule for a type unless --replace', async () => {
    const first = await runCli(['schedules', 'create', '--type', 'refund', '--frequency', 'P1D', '--json', ...f.args], f.env);
    expect(first.code).toBe(0);
    const again = await runCli(['schedules', 'create', '--type', 'refund', '--frequency', 'P2D', ...f.args], f.env);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^amazon-pay-reports: POST \S+ failed: 400 InvalidRequest: a schedule for refund already exists and Amazon allows one per report type: pass --replace to replace it \(requestId \S+\)\n$/);
    expect(again.stderr).not.toMatch(/deleteExistingSchedule/); // the API's field; the user's flag is --replace
    const replaced = await runCli(['schedules', 'create', '--type', 'refund', '--frequency', 'P2D', '--replace', '--json', ...f.args], f.env);
    expect(replaced.code).toBe(0);
    expect(json<ReportSchedule>(replaced).scheduleFrequency).toBe('P2D');
    const list = json<ReportSchedule[]>(await runCli(['schedules', 'list', '--type', 'refund', '--json', ...f.args], f.env));
    expect(list.map((s) => s.scheduleFrequency)).toEqual(['P2D']);
  });

  it('validates the frequency before any request (exit 2, listing the valid ones)', async () => {
    const before = f.emulator.requests.length;
    const r = await runCli(['schedules', 'create', '--type', 'refund', '--frequency', 'P1W', ...f.args], f.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/--frequency .*'P1W' is invalid\. unknown frequency; use one of PT5M, .*P1D/);
    expect(f.emulator.requests.length).toBe(before);
  });

  it('exits 1 for an unknown schedule id', async () => {
    const r = await runCli(['schedules', 'get', 'NOSUCHSCHEDULE', ...f.args], f.env);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/404/);
  });
});
