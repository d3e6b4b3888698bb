import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/client/types.js';
import { REPORT_TYPES } from '../../src/report-types.js';
import { json, runCli, startEmulator, type EmulatorFixture } from './run-cli.js';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('reports list / get', () => {
  let f: EmulatorFixture;
  let all: Report[];
  beforeAll(async () => {
    f = await startEmulator();
    const r = await runCli(['reports', 'list', '--json', '--page-size', '100', ...f.args], f.env);
    expect(r.code).toBe(0);
    all = json<Report[]>(r);
  });
  afterAll(() => f.emulator.close());

  const getReportsCalls = (): number => f.emulator.requests.filter((q) => q.operation === 'getReports').length;

  it('lists every report as one JSON array with API field names and ISO UTC times', () => {
    expect(all.length).toBe(f.emulator.reports(f.publicKeyId).length);
    expect(all.length).toBeGreaterThan(10);
    for (const r of all) {
      expect(Object.keys(r)).toEqual(expect.arrayContaining(['reportId', 'reportType', 'processingStatus', 'createdTime']));
      expect(r.createdTime).toMatch(ISO);
      if (r.startTime !== undefined) expect(r.startTime).toMatch(ISO);
    }
  });

  it('follows nextToken to the end: page size 7 takes ceil(n / 7) requests', async () => {
    const before = getReportsCalls();
    const r = await runCli(['reports', 'list', '--page-size', '7', '--json', ...f.args], f.env);
    expect(r.code).toBe(0);
    expect(json<Report[]>(r).map((x) => x.reportId)).toEqual(all.map((x) => x.reportId));
    expect(getReportsCalls() - before).toBe(Math.ceil(all.length / 7));
  });

  it('stops requesting at --limit', async () => {
    const before = getReportsCalls();
    const r = await runCli(['reports', 'list', '--page-size', '2', '--limit', '3', '--json', ...f.args], f.env);
    expect(json<Report[]>(r).map((x) => x.reportId)).toEqual(all.slice(0, 3).map((x) => x.reportId));
    expect(getReportsCalls() - before).toBe(2);
  });

  it('accepts global options before the command as well as after it', async () => {
    const before = await runCli(['--json', ...f.args, 'reports', 'list', '--limit', '2'], f.env);
    const after = await runCli(['reports', 'list', '--limit', '2', '--json', ...f.args], f.env);
    expect(before.code).toBe(0);
    expect(before.stdout).toBe(after.stdout);
    expect(json<Report[]>(before)).toHaveLength(2);
  });

  it('prints an aligned table by default', async () => {
    const r = await runCli(['reports', 'list', '--limit', '4', ...f.args], f.env);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(/^REPORT ID\s+TYPE\s+STATUS\s+CREATED/);
    const statusColumn = lines[0]!.indexOf('STATUS');
    for (const [i, line] of lines.slice(1).entries()) {
      expect(line.startsWith(all[i]!.reportId)).toBe(true);
      expect(line.slice(statusColumn)).toMatch(/^(COMPLETED|IN_PROGRESS|CANCELLED|FAILED)\b/);
    }
  });

  it('filters by type: short names, full names, repeated and comma-separated', async () => {
    const wanted = [REPORT_TYPES.settlement, REPORT_TYPES.refund];
    const expected = all.filter((r) => (wanted as string[]).includes(r.reportType)).map((r) => r.reportId);
    expect(expected.length).toBeGreaterThan(0);
    for (const types of [['--type', 'settlement,refund'], ['--type', 'settlement', '--type', 'refund'], ['--type', REPORT_TYPES.settlement, '--type', 'REFUND']]) {
      const r = await runCli(['reports', 'list', ...types, '--page-size', '100', '--json', ...f.args], f.env);
      expect(r.code).toBe(0);
      expect(json<Report[]>(r).map((x) => x.reportId)).toEqual(expected);
    }
  });

  it('filters by status and by creation time', async () => {
    const r = await runCli(['reports', 'list', '--status', 'completed', '--json', ...f.args], f.env);
    const completed = json<Report[]>(r);
    expect(completed.length).toBeGreaterThan(0);
    expect(completed.every((x) => x.processingStatus === 'COMPLETED')).toBe(true);

    const since = all[3]!.createdTime;
    const until = all[8]!.createdTime;
    const ranged = json<Report[]>(await runCli(['reports', 'list', '--since', since, '--until', until, '--json', ...f.args], f.env));
    expect(ranged.length).toBeGreaterThan(0);
    for (const x of ranged) expect(x.createdTime >= since && x.createdTime <= until).toBe(true);
  });

  it('gets one report, as JSON and as fields', async () => {
    const target = all[2]!;
    const asJson = await runCli(['reports', 'get', target.reportId, '--json', ...f.args], f.env);
    expect(asJson.code).toBe(0);
    expect(json(asJson)).toEqual(target);
    const human = await runCli(['reports', 'get', target.reportId, ...f.args], f.env);
    expect(human.stdout).toMatch(new RegExp(`^reportId\\s+${target.reportId}$`, 'm'));
    expect(human.stdout).toMatch(new RegExp(`^processingStatus\\s+${target.processingStatus}$`, 'm'));
  });

  it('exits 1 with one line for a report that does not exist', async () => {
    const r = await runCli(['reports', 'get', 'NOSUCHREPORT', ...f.args], f.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/^amazon-pay-reports: .*404.*NOSUCHREPORT/);
  });
});

describe('reports create', () => {
  let slow: EmulatorFixture;
  let fast: EmulatorFixture;
  beforeAll(async () => {
    slow = await startEmulator({ reportDelayMs: 3_600_000 });
    fast = await startEmulator({ reportDelayMs: 200 });
  });
  afterAll(async () => {
    await slow.emulator.close();
    await fast.emulator.close();
  });

  it('creates a report and prints it, still IN_PROGRESS without --wait', async () => {
    const r = await runCli(['reports', 'create', '--type', 'order-reference', '--start', '2026-11-01', '--end', '2026-11-02T00:00:00Z', '--json', ...slow.args], slow.env);
    expect(r.code).toBe(0);
    const report = json<Report>(r);
    expect(report).toMatchObject({ reportType: REPORT_TYPES['order-reference'], processingStatus: 'IN_PROGRESS', startTime: '2026-11-01T00:00:00Z', endTime: '2026-11-02T00:00:00Z' });
    expect(slow.emulator.reports(slow.publicKeyId).map((x) => x.reportId)).toContain(report.reportId);
  });

  it('--wait polls until the report is done and prints the final state', async () => {
    // The emulator holds data for its last 30 days, counted from the wall clock: a range in the
    // middle of that window has data whatever day the suite runs (a fixed date did not).
    const day = (ago: number): Date => new Date(Math.floor(Date.now() / 86_400_000 - ago) * 86_400_000);
    const start = day(10).toISOString().replace(/[-:]|\.\d{3}/g, ''); // basic form, as the API also takes
    const end = day(8).toISOString().slice(0, 10);
    const r = await runCli(['reports', 'create', '--type', 'authorization', '--start', start, '--end', end, '--wait', ...fast.args], fast.env);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^processingStatus\s+COMPLETED$/m);
    expect(r.stdout).toMatch(/^reportDocumentId\s+\S+$/m);
    expect(fast.emulator.requests.filter((q) => q.operation === 'getReportById').length).toBeGreaterThanOrEqual(1);
  });

  it('--wait exits 1 and says why when the report ends CANCELLED (a range with no data)', async () => {
    const r = await runCli(['reports', 'create', '--type', 'refund', '--start', '2020-01-01', '--end', '2020-01-02', '--wait', '--json', ...fast.args], fast.env);
    expect(r.code).toBe(1);
    expect(json<Report>(r)).toMatchObject({ processingStatus: 'CANCELLED' });
    expect(r.stderr).toMatch(/ended CANCELLED: Amazon cancels a report when its range holds no data/);
  });

  it('exits 1 with the API reason when Amazon refuses the request', async () => {
    const r = await runCli(['reports', 'create', '--type', 'sandbox-settlement', '--start', '2026-11-01', '--end', '2026-11-02', '--wait', '--json', ...fast.args], fast.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^amazon-pay-reports: POST \S+ failed: 400 InvalidParameterValue: .*only available in sandbox/);
    expect(r.stderr.trimEnd().split('\n')).toHaveLength(1);
  });

  it('--wait gives up after --timeout with exit 1 and says how to check later', async () => {
    const r = await runCli(['reports', 'create', '--type', 'refund', '--start', '2026-11-01', '--end', '2026-11-02', '--wait', '--timeout', '1', '--quiet', ...slow.args], slow.env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/still IN_PROGRESS after 1 s; check later with: amazon-pay-reports reports get \S+/);
  });

  it('rejects a range that does not start before it ends (exit 2, no request)', async () => {
    const before = slow.emulator.requests.length;
    for (const end of ['2026-11-01', '2026-11-02']) {
      const r = await runCli(['reports', 'create', '--type', 'refund', '--start', '2026-11-02', '--end', end, ...slow.args], slow.env);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/--start 2026-11-02T00:00:00Z must be before --end/);
    }
    expect(slow.emulator.requests.length).toBe(before);
  });

  it('needs --type, --start and --end', async () => {
    const r = await runCli(['reports', 'create', '--type', 'refund', '--start', '2026-11-01', ...slow.args], slow.env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/required option '--end <time>' not specified/);
  });
});
