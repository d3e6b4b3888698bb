import { describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { createReportBody, createReportScheduleBody, disbursementsQuery, reportsQuery, schedulesQuery } from './validate-input.js';

describe('input validation', () => {
  it('builds the Get Reports query: short names, comma lists, compact times', () => {
    expect(reportsQuery({ reportTypes: ['settlement', '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_'], processingStatuses: ['completed'], createdSince: '2026-11-01', createdUntil: new Date('2026-11-02T10:00:00Z'), pageSize: 7 })).toEqual({
      reportTypes: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_,_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_',
      processingStatuses: 'COMPLETED',
      createdSince: '20261101T000000Z',
      createdUntil: '20261102T100000Z',
      pageSize: 7,
    });
    expect(reportsQuery()).toEqual({ reportTypes: undefined, processingStatuses: undefined, createdSince: undefined, createdUntil: undefined, pageSize: undefined });
  });

  it.each([0, 101, 1.5, Number.NaN])('rejects page size %s', (pageSize) => {
    expect(() => reportsQuery({ pageSize })).toThrow(ConfigError);
    expect(() => disbursementsQuery({ pageSize })).toThrow(/page size .* is out of range: use a whole number from 1 to 100/);
  });

  it('accepts page sizes 1 and 100', () => {
    expect(reportsQuery({ pageSize: 1 }).pageSize).toBe(1);
    expect(reportsQuery({ pageSize: 100 }).pageSize).toBe(100);
  });

  it('rejects an unknown report type listing the short names', () => {
    expect(() => schedulesQuery({ reportTypes: ['orders'] })).toThrow(/unknown report type "orders": use one of settlement, sandbox-settlement, order-reference, billing-agreement, authorization, capture, refund, multi-currency/);
  });

  it('rejects an unknown processing status', () => {
    expect(() => reportsQuery({ processingStatuses: ['DONE'] })).toThrow(/unknown processing status "DONE": use one of IN_PROGRESS, COMPLETED, FAILED, CANCELLED/);
  });

  it.each(['2026-13-01', 'last tuesday', '2026-02-31'])('rejects the date %s', (createdSince) => {
    expect(() => reportsQuery({ createdSince })).toThrow(ConfigError);
  });

  it('rejects an invalid Date and a reversed range', () => {
    expect(() => disbursementsQuery({ startTime: new Date(Number.NaN) })).toThrow(/startTime .* is not a date/);
    expect(() => createReportBody({ reportType: 'refund', startTime: '2026-11-02', endTime: '2026-11-01' })).toThrow(/start is after the end/);
  });

  it('builds the create bodies', () => {
    expect(createReportBody({ reportType: 'refund', startTime: '2026-11-01', endTime: '2026-11-02T00:00:00Z' })).toEqual({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', startTime: '20261101T000000Z', endTime: '20261102T000000Z' });
    expect(createReportScheduleBody({ reportType: 'order-reference', scheduleFrequency: 'p1d', nextReportCreationTime: '20261101T100000Z', deleteExistingSchedule: false }))
      .toEqual({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_', scheduleFrequency: 'P1D', nextReportCreationTime: '20261101T100000Z', deleteExistingSchedule: false });
  });

  it.each(['daily', 'P', 'PT', '1D', 'P1DT'])('rejects the frequency %s', (scheduleFrequency) => {
    expect(() => createReportScheduleBody({ reportType: 'refund', scheduleFrequency })).toThrow(/not an ISO 8601 duration/);
  });
});
