/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call -- wire JSON */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.close();
  h = undefined;
});

const REFUND = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_';
const AUTH = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_';
const schedule = (extra: Record<string, unknown> = {}): string => JSON.stringify({ reportType: REFUND, scheduleFrequency: 'P1D', ...extra });

describe('report schedules', () => {
  it('create 201, list wrapped, get flat, cancel 200 {}', async () => {
    h = await startEmulator();
    const created = await h.call('POST', '/live/v2/report-schedules', { body: schedule() });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json)).toEqual(['reportScheduleId']);
    const id = created.json.reportScheduleId as string;
    expect(id).toMatch(/^\d{11}$/);
    const expected = { nextReportCreationTime: '20261121T120000Z', reportScheduleId: id, reportType: REFUND, scheduleFrequency: 'P1D' };
    expect((await h.call('GET', '/live/v2/report-schedules')).json).toEqual({ reportSchedules: [expected] });
    expect((await h.call('GET', '/live/v2/report-schedules', { query: { reportTypes: AUTH } })).json).toEqual({ reportSchedules: [] });
    expect((await h.call('GET', `/live/v2/report-schedules/${id}`)).json).toEqual(expected);
    expect((await h.call('GET', `/sandbox/v2/report-schedules/${id}`)).status).toBe(404);
    const cancelled = await h.call('DELETE', `/live/v2/report-schedules/${id}`);
    expect(cancelled.status).toBe(200);
    expect(cancelled.json).toEqual({});
    expect((await h.call('GET', `/live/v2/report-schedules/${id}`)).status).toBe(404);
    expect((await h.call('DELETE', `/live/v2/report-schedules/${id}`)).status).toBe(404);
  });

  it('allows one schedule per report type; deleteExistingSchedule from body or query, boolean or string', async () => {
    h = await startEmulator();
    const first = await h.call('POST', '/live/v2/report-schedules', { body: schedule() });
    const dup = await h.call('POST', '/live/v2/report-schedules', { body: schedule({ scheduleFrequency: 'P7D' }) });
    expect(dup.status).toBe(400);
    expect(dup.json.reasonCode).toBe('InvalidRequest');
    expect((await h.call('POST', '/live/v2/report-schedules', { body: schedule({ deleteExistingSchedule: false }) })).status).toBe(400);
    expect((await h.call('POST', '/live/v2/report-schedules', { body: schedule({ deleteExistingSchedule: 'false' }) })).status).toBe(400);
    let previous = first.json.reportScheduleId as string;
    for (const init of [{ body: schedule({ deleteExistingSchedule: true }) }, { body: schedule({ deleteExistingSchedule: 'true' }) }, { body: schedule(), query: { deleteExistingSchedule: 'true' } }]) {
      const res = await h.call('POST', '/live/v2/report-schedules', init);
      expect(res.status).toBe(201);
      expect(res.json.reportScheduleId).not.toBe(previous);
      expect((await h.call('GET', `/live/v2/report-schedules/${previous}`)).status).toBe(404);
      previous = res.json.reportScheduleId;
    }
    expect((await h.call('GET', '/live/v2/report-schedules')).json.reportSchedules).toHaveLength(1);
    const other = await h.call('POST', '/live/v2/report-schedules', { body: schedule({ reportType: AUTH }) });
    expect(other.status).toBe(201);
    expect((await h.call('GET', '/live/v2/report-schedules')).json.reportSchedules).toHaveLength(2);
    const bad = await h.call('POST', '/live/v2/report-schedules', { body: schedule({ deleteExistingSchedule: 'yes' }) });
    expect(bad.status).toBe(400);
  });

  it('refuses types that cannot be scheduled and bad frequencies', async () => {
    h = await startEmulator();
    const cases: Array<[string, Record<string, unknown>]> = [
      ['live', { reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_' }],
      ['live', { reportType: '_GET_CSV_CUSTOM_OFFAMAZONPAYMENTS_MULTI_CURRENCY_PAYMENTS_DATA_' }],
      ['live', { reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_' }],
      ['live', { reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_' }],
      ['sandbox', { reportType: REFUND }],
      ['live', { scheduleFrequency: 'P1M' }],
      ['live', { scheduleFrequency: 'daily' }],
      ['live', { nextReportCreationTime: 'tomorrow' }],
    ];
    for (const [env, extra] of cases) {
      const res = await h.call('POST', `/${env}/v2/report-schedules`, { body: schedule(extra) });
      expect(res.status, JSON.stringify(extra)).toBe(400);
      expect(res.json.reasonCode).toBe('InvalidParameterValue');
    }
    const sandbox = await h.call('POST', '/sandbox/v2/report-schedules', { body: schedule({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_' }) });
    expect(sandbox.status).toBe(201);
  });

  it('spawns a report each time it falls due as the clock moves, then stops when cancelled', async () => {
    h = await startEmulator({ reportDelayMs: 30_000 });
    const created = await h.call('POST', '/live/v2/report-schedules', {
      body: JSON.stringify({ reportType: REFUND, scheduleFrequency: 'PT1H', nextReportCreationTime: '2026-11-20T13:00:00Z' }),
    });
    expect((await h.call('GET', '/live/v2/reports', { query: { reportTypes: REFUND } })).json.reports).toEqual([]);
    h.clock.advance(3 * 3_600_000 + 1_000); // 15:00:01
    const runs = (await h.call('GET', '/live/v2/reports', { query: { reportTypes: REFUND } })).json.reports;
    expect(runs.map((r: Record<string, string>) => [r.createdTime, r.startTime, r.endTime, r.processingStatus])).toEqual([
      ['20261120T130000Z', '20261120T120000Z', '20261120T130000Z', 'COMPLETED'],
      ['20261120T140000Z', '20261120T130000Z', '20261120T140000Z', 'COMPLETED'],
      ['20261120T150000Z', '20261120T140000Z', '20261120T150000Z', 'IN_PROGRESS'],
    ]);
    const s = await h.call('GET', `/live/v2/report-schedules/${created.json.reportScheduleId}`);
    expect(s.json.nextReportCreationTime).toBe('20261120T160000Z');
    await h.call('DELETE', `/live/v2/report-schedules/${created.json.reportScheduleId}`);
    h.clock.advance(5 * 3_600_000);
    expect((await h.call('GET', '/live/v2/reports', { query: { reportTypes: REFUND } })).json.reports).toHaveLength(3);
  });
});
