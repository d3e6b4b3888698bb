import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import { toDisbursementsPage, toReport, toReportDocument, toReportScheduleById, toReportSchedules, toReportsPage } from './wire.js';

const ctx = { operation: 'GET /live/v2/reports', status: 200, requestId: 'req-1' };

describe('wire → domain', () => {
  it('normalises compact and extended times to one form and drops unknown fields', () => {
    const report = toReport(ctx, {
      reportId: 'A08439021T39K6DTX4JS8',
      reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_',
      processingStatus: 'COMPLETED',
      createdTime: '20221118T150630Z',
      startTime: '2022-11-01T00:00:00.000Z',
      endTime: '2022-11-02T01:02:03+01:00',
      processingStartTime: '20221118T150631Z',
      processingEndTime: null,
      reportDocumentId: 'amzn1.tortuga.3.abc.T1',
      somethingNew: { nested: true },
    });
    expect(report).toEqual({
      reportId: 'A08439021T39K6DTX4JS8',
      reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_',
      processingStatus: 'COMPLETED',
      createdTime: '2022-11-18T15:06:30Z',
      startTime: '2022-11-01T00:00:00Z',
      endTime: '2022-11-02T00:02:03Z',
      processingStartTime: '2022-11-18T15:06:31Z',
      reportDocumentId: 'amzn1.tortuga.3.abc.T1',
    });
    expect('processingEndTime' in report).toBe(false);
  });

  it('reads a page with and without nextToken', () => {
    const r = { reportId: 'R1', reportType: 'T', processingStatus: 'IN_PROGRESS', createdTime: '20221118T150630Z' };
    expect(toReportsPage(ctx, { reports: [r], nextToken: 'abc' })).toEqual({ items: [{ ...r, createdTime: '2022-11-18T15:06:30Z' }], nextToken: 'abc' });
    expect(toReportsPage(ctx, { reports: [] })).toEqual({ items: [] });
    expect(toReportsPage(ctx, { reports: [], nextToken: '' })).toEqual({ items: [] });
  });

  it('keeps disbursement amounts as decimal strings and normalises ms times', () => {
    const page = toDisbursementsPage(ctx, {
      disbursements: [{ sellerId: 'S', settlementId: '123', amazonDisbursementReferenceId: 'ADR', amount: '1000.50', currencyCode: 'EUR', transactionTime: '2022-12-07T17:08:26.717Z' }],
    });
    expect(page.items[0]).toEqual({ sellerId: 'S', settlementId: '123', amazonDisbursementReferenceId: 'ADR', amount: '1000.50', currencyCode: 'EUR', transactionTime: '2022-12-07T17:08:26Z' });
  });

  it('reads schedules, flat or wrapped (the docs show both for by-id)', () => {
    const s = { reportScheduleId: '68973459224', reportType: 'T', scheduleFrequency: 'P1D', nextReportCreationTime: '20221114T074550Z' };
    const expected = { ...s, nextReportCreationTime: '2022-11-14T07:45:50Z' };
    expect(toReportSchedules(ctx, { reportSchedules: [s] })).toEqual([expected]);
    expect(toReportScheduleById(ctx, s)).toEqual(expected);
    expect(toReportScheduleById(ctx, { reportSchedules: [s] })).toEqual(expected);
  });

  it('reads a report document', () => {
    expect(toReportDocument(ctx, { reportDocumentId: 'D1', url: 'https://files.example/d?X-Amz-Signature=s', compressionAlgorithm: 'N/A' }))
      .toEqual({ reportDocumentId: 'D1', url: 'https://files.example/d?X-Amz-Signature=s', compressionAlgorithm: 'N/A' });
  });

  const malformed: Array<[string, () => unknown, RegExp]> = [
    ['a body that is not an object', () => toReportsPage(ctx, 'oops'), /body should be a JSON object/],
    ['reports that is not an array', () => toReportsPage(ctx, { reports: {} }), /body\.reports should be an array/],
    ['a missing reportId', () => toReportsPage(ctx, { reports: [{ reportType: 'T', processingStatus: 'X', createdTime: '20221118T150630Z' }] }), /reports\[0\]\.reportId should be a non-empty string/],
    ['an unreadable time', () => toReport(ctx, { reportId: 'R', reportType: 'T', processingStatus: 'X', createdTime: 'yesterday' }), /report\.createdTime is not a date-time/],
    ['a non-decimal amount', () => toDisbursementsPage(ctx, { disbursements: [{ settlementId: '1', amazonDisbursementReferenceId: 'A', amount: '1,000', currencyCode: 'EUR', transactionTime: '20221118T150630Z' }] }), /amount should be a decimal string/],
    ['an amount number too precise for a float to carry', () => toDisbursementsPage(ctx, { disbursements: [{ settlementId: '1', amazonDisbursementReferenceId: 'A', amount: JSON.parse("12345678901234567.89") as number, currencyCode: 'EUR', transactionTime: '20221118T150630Z' }] }), /amount should be a decimal string/],
    ['an amount number in exponent form', () => toDisbursementsPage(ctx, { disbursements: [{ settlementId: '1', amazonDisbursementReferenceId: 'A', amount: 1e-7, currencyCode: 'EUR', transactionTime: '20221118T150630Z' }] }), /amount should be a decimal string/],
    ['a document URL that is not http', () => toReportDocument(ctx, { reportDocumentId: 'D', url: 'file:///etc/passwd' }), /body\.url is not an http\(s\) URL/],
  ];
  for (const [name, fn, message] of malformed) {
    it(`rejects ${name} with a clear ApiError`, () => {
      try {
        fn();
        expect.unreachable();
      } catch (e) {
        expect(e).toBeInstanceOf(ApiError);
        const err = e as ApiError;
        expect(err.reasonCode).toBe('MalformedResponse');
        expect(err.requestId).toBe('req-1');
        expect(err.message).toMatch(message);
        expect(err.message).toMatch(/^GET \/live\/v2\/reports failed: 200 MalformedResponse: malformed response/);
      }
    });
  }
});
