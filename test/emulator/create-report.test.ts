/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call -- wire JSON */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, TestClock, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.close();
  h = undefined;
});

const T = {
  refund: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_',
  settlement: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_',
  sandbox: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_',
  capture: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_',
  multi: '_GET_CSV_CUSTOM_OFFAMAZONPAYMENTS_MULTI_CURRENCY_PAYMENTS_DATA_',
  auth: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_',
};
const body = (reportType: string, startTime = '20261115T000000Z', endTime = '20261116T000000Z'): string => JSON.stringify({ reportType, startTime, endTime });

describe('createReport', () => {
  it('answers 201 {reportId}; IN_PROGRESS until reportDelayMs of emulator time, then COMPLETED with a document', async () => {
    h = await startEmulator({ reportDelayMs: 60_000 });
    const created = await h.call('POST', '/live/v2/reports', { body: body(T.refund) });
    expect(created.status).toBe(201);
    expect(Object.keys(created.json)).toEqual(['reportId']);
    const id = created.json.reportId as string;
    expect(id).toMatch(/^[A-Za-z0-9._-]+$/);

    const pending = await h.call('GET', `/live/v2/reports/${id}`);
    expect(pending.json).toEqual({
      createdTime: '20261120T120000Z', endTime: '20261116T000000Z', processingStartTime: '20261120T120000Z',
      processingStatus: 'IN_PROGRESS', reportId: id, reportType: T.refund, startTime: '20261115T000000Z',
    });
    h.clock.advance(59_000);
    expect((await h.call('GET', `/live/v2/reports/${id}`)).json.processingStatus).toBe('IN_PROGRESS');
    h.clock.advance(2_000);
    const done = await h.call('GET', `/live/v2/reports/${id}`);
    expect(done.json.processingStatus).toBe('COMPLETED');
    expect(done.json.processingEndTime).toBe('20261120T120100Z');
    const doc = await h.call('GET', `/live/v2/report-documents/${done.json.reportDocumentId}`);
    expect(doc.status).toBe(200);
    const text = await (await fetch(doc.json.url)).text();
    expect(text.startsWith('"AmazonRefundId","RefundReferenceId"')).toBe(true);
    const listed = await h.call('GET', '/live/v2/reports', { query: { reportTypes: T.refund } });
    expect(listed.json.reports.map((r: { reportId: string }) => r.reportId)).toEqual([id]);
  });

  it('ends CANCELLED, without a document, when the range has no data', async () => {
    h = await startEmulator({ reportDelayMs: 1_000 });
    const old = await h.call('POST', '/live/v2/reports', { body: body(T.auth, '20200101T000000Z', '20200201T000000Z') });
    const future = await h.call('POST', '/live/v2/reports', { body: body(T.auth, '20300101T000000Z', '20300201T000000Z') });
    h.clock.advance(1_000);
    for (const res of [old, future]) {
      const r = await h.call('GET', `/live/v2/reports/${res.json.reportId}`);
      expect(r.json.processingStatus).toBe('CANCELLED');
      expect(r.json.reportDocumentId).toBeUndefined();
      expect(r.json.processingEndTime).toBeDefined();
    }
  });

  it('finds data for any past range after the account opened, the same bytes for the same range every time', async () => {
    h = await startEmulator({ reportDelayMs: 0, accountOpened: '2024-03-10' });
    const create = async (type: string, start: string, end: string): Promise<{ id: string; status: string; sha256?: string }> => {
      const res = await h!.call('POST', '/live/v2/reports', { body: body(type, start, end) });
      const r = await h!.call('GET', `/live/v2/reports/${res.json.reportId}`);
      const docId = r.json.reportDocumentId as string | undefined;
      return { id: res.json.reportId as string, status: r.json.processingStatus as string, ...(docId ? { sha256: (await h!.emulator.documentSha256(docId)).sha256 } : {}) };
    };
    // Two years back: far older than the 10 days of seeded settlement history.
    const a = await create(T.refund, '20241101T000000Z', '20241201T000000Z');
    const again = await create(T.refund, '20241101T000000Z', '20241201T000000Z');
    expect(a.status).toBe('COMPLETED');
    expect(again.id).not.toBe(a.id); // a second request is a second report…
    expect(again.sha256).toBe(a.sha256); // …with the same file
    expect((await create(T.refund, '20241201T000000Z', '20250101T000000Z')).sha256).not.toBe(a.sha256);
    expect((await create(T.auth, '20241101T000000Z', '20241201T000000Z')).sha256).not.toBe(a.sha256);
    // Before the account opened there is nothing: CANCELLED; a range across the opening has data.
    expect((await create(T.refund, '20240201T000000Z', '20240301T000000Z')).status).toBe('CANCELLED');
    expect((await create(T.refund, '20240301T000000Z', '20240401T000000Z')).status).toBe('COMPLETED');

    // Another emulator, started on another day, gives the same bytes for the range.
    const later = await startEmulator({ reportDelayMs: 0, accountOpened: '2024-03-10' }, new TestClock('2026-12-24T08:00:00Z'));
    try {
      const res = await later.call('POST', '/live/v2/reports', { body: body(T.refund, '20241101T000000Z', '20241201T000000Z') });
      const r = await later.call('GET', `/live/v2/reports/${res.json.reportId}`);
      expect((await later.emulator.documentSha256(r.json.reportDocumentId as string)).sha256).toBe(a.sha256);
    } finally {
      await later.emulator.close();
    }
  });

  it('lists a report created for an old range by its creation time: for 90 days after it was asked for, then no more', async () => {
    h = await startEmulator({ reportDelayMs: 0 });
    const res = await h.call('POST', '/live/v2/reports', { body: body(T.refund, '20240101T000000Z', '20240201T000000Z') });
    const ids = async (): Promise<string[]> => ((await h!.call('GET', '/live/v2/reports', { query: { reportTypes: T.refund } })).json.reports as Array<{ reportId: string }>).map((r) => r.reportId);
    expect(await ids()).toEqual([res.json.reportId]);
    h.clock.advance(89 * 86_400_000);
    expect(await ids()).toEqual([res.json.reportId]);
    h.clock.advance(2 * 86_400_000);
    expect(await ids()).toEqual([]);
    expect((await h.call('GET', `/live/v2/reports/${res.json.reportId}`)).status).toBe(404);
  });

  it('enforces the report-type rules per environment', async () => {
    h = await startEmulator({ reportDelayMs: 0 });
    const cases: Array<[string, string, number]> = [
      ['live', T.settlement, 400], ['live', T.capture, 400], ['live', T.sandbox, 400], ['live', T.multi, 201], ['live', T.refund, 201],
      ['sandbox', T.refund, 400], ['sandbox', T.settlement, 400], ['sandbox', T.sandbox, 201], ['live', 'NOT_A_TYPE', 400],
    ];
    for (const [env, type, status] of cases) {
      const res = await h.call('POST', `/${env}/v2/reports`, { body: body(type) });
      expect(res.status, `${env} ${type}`).toBe(status);
      if (status === 400) expect(res.json.reasonCode).toBe('InvalidParameterValue');
    }
    const sandboxReports = await h.call('GET', '/sandbox/v2/reports');
    expect(sandboxReports.json.reports).toHaveLength(1);
    const doc = await h.call('GET', `/sandbox/v2/report-documents/${sandboxReports.json.reports[0].reportDocumentId}`);
    // Buffer, not res.text(): fetch's decoder would strip the BOM we are checking for.
    const file = Buffer.from(await (await fetch(doc.json.url)).arrayBuffer()).toString('utf8');
    expect(file.startsWith('\uFEFF"Amazon Payments Advanced",\n"Settlement Report",\n')).toBe(true);
    expect(file).toContain('"S01-');
    expect(file).not.toContain('"Transfer"');
    expect(file).not.toContain('"Reserve"');
  });

  it('validates the body', async () => {
    h = await startEmulator();
    const cases: Array<[string, string]> = [
      ['{"reportType":', 'InvalidRequestFormat'],
      ['[1]', 'InvalidRequestFormat'],
      [JSON.stringify({ reportType: T.refund, startTime: '20261115T000000Z' }), 'MissingParameterValue'],
      [JSON.stringify({ startTime: '20261115T000000Z', endTime: '20261116T000000Z' }), 'MissingParameterValue'],
      [JSON.stringify({ reportType: T.refund, startTime: '20261115T000000Z', endTime: '20261116T000000Z', colour: 'red' }), 'UnrecognizedField'],
      [body(T.refund, '20261116T000000Z', '20261115T000000Z'), 'InvalidParameterValue'],
      [body(T.refund, 'soon', '20261115T000000Z'), 'InvalidParameterValue'],
    ];
    for (const [text, code] of cases) {
      const res = await h.call('POST', '/live/v2/reports', { body: text });
      expect(res.status, text).toBe(400);
      expect(res.json.reasonCode, text).toBe(code);
    }
    // The docs' malformed `2022-08-04T00-00-00Z` is accepted (api.md §5.1).
    expect((await h.call('POST', '/live/v2/reports', { body: body(T.refund, '2026-11-15T00-00-00Z', '2026-11-16T00-00-00Z') })).status).toBe(201);
  });
});

describe('idempotency keys', () => {
  it('replay the stored answer for the same request and refuse a different one', async () => {
    h = await startEmulator();
    const first = await h.call('POST', '/live/v2/reports', { body: body(T.refund), idempotencyKey: 'key-1' });
    const again = await h.call('POST', '/live/v2/reports', { body: body(T.refund), idempotencyKey: 'key-1' });
    expect(again.status).toBe(201);
    expect(again.json).toEqual(first.json);
    expect(h.emulator.reports().filter((r) => r.reportType === T.refund)).toHaveLength(1);

    const other = await h.call('POST', '/live/v2/reports', { body: body(T.refund, '20261114T000000Z'), idempotencyKey: 'key-1' });
    expect(other.status).toBe(400);
    expect(other.json.reasonCode).toBe('DuplicateIdempotencyKey');
    const otherPath = await h.call('POST', '/live/v2/report-schedules', { body: JSON.stringify({ reportType: T.refund, scheduleFrequency: 'P1D' }), idempotencyKey: 'key-1' });
    expect(otherPath.json.reasonCode).toBe('DuplicateIdempotencyKey');

    // Scoped per environment: the same key is fresh in sandbox.
    const sandbox = await h.call('POST', '/sandbox/v2/reports', { body: body(T.sandbox), idempotencyKey: 'key-1' });
    expect(sandbox.status).toBe(201);
    // Without a key every POST creates (Node/PHP README usage).
    const a = await h.call('POST', '/live/v2/reports', { body: body(T.refund) });
    const b = await h.call('POST', '/live/v2/reports', { body: body(T.refund) });
    expect(a.json.reportId).not.toBe(b.json.reportId);
    const bad = await h.call('POST', '/live/v2/reports', { body: body(T.refund), idempotencyKey: 'has space' });
    expect(bad.status).toBe(400);
    expect(bad.json.reasonCode).toBe('InvalidHeaderValue');
  });

  it('accept keys of up to 32 characters only, as Amazon does (api.md §2.3): a dashed UUID is refused', async () => {
    h = await startEmulator();
    const max = await h.call('POST', '/live/v2/reports', { body: body(T.refund), idempotencyKey: 'a'.repeat(32) });
    expect(max.status).toBe(201);
    const dashedUuid = await h.call('POST', '/live/v2/reports', { body: body(T.refund), idempotencyKey: '0f8fad5b-d9cb-469f-a165-70867728950e' });
    expect(dashedUuid.status).toBe(400);
    expect(dashedUuid.json.reasonCode).toBe('InvalidHeaderValue');
  });

  it('a key reused with a changed query (deleteExistingSchedule) is a different request, not a replay', async () => {
    h = await startEmulator();
    const schedule = JSON.stringify({ reportType: T.refund, scheduleFrequency: 'P1D' });
    const first = await h.call('POST', '/live/v2/report-schedules', { body: schedule, idempotencyKey: 'sched-key' });
    expect(first.status).toBe(201);
    const replaced = await h.call('POST', '/live/v2/report-schedules', { body: schedule, query: { deleteExistingSchedule: 'true' }, idempotencyKey: 'sched-key' });
    expect(replaced.status).toBe(400);
    expect(replaced.json.reasonCode).toBe('DuplicateIdempotencyKey');
  });

  it('a failed request does not consume the key', async () => {
    h = await startEmulator();
    const refused = await h.call('POST', '/live/v2/reports', { body: body(T.settlement), idempotencyKey: 'key-2' });
    expect(refused.status).toBe(400);
    const ok = await h.call('POST', '/live/v2/reports', { body: body(T.refund), idempotencyKey: 'key-2' });
    expect(ok.status).toBe(201);
  });
});
