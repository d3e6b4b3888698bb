/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- wire JSON */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.close();
  h = undefined;
});

const SETTLEMENT = '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_';
const ID = /^[A-Za-z0-9._-]+$/;
const COMPACT = /^\d{8}T\d{6}Z$/;

type WireReport = Record<string, string>;

async function listAll(harness: Harness, query: Record<string, string | number> = {}): Promise<WireReport[]> {
  const out: WireReport[] = [];
  let res = await harness.call('GET', '/live/v2/reports', { query });
  for (;;) {
    expect(res.status).toBe(200);
    out.push(...res.json.reports);
    if (!res.json.nextToken) return out;
    expect(res.json.nextToken).toMatch(ID);
    res = await harness.call('GET', '/live/v2/reports', { query: { nextToken: res.json.nextToken } });
  }
}

describe('getReports', () => {
  it('holds one settlement report per day of history, keys alphabetical, compact dates, safe ids', async () => {
    h = await startEmulator({ days: 30 });
    const reports = await listAll(h, { pageSize: 7 });
    expect(reports).toHaveLength(30);
    for (const r of reports) {
      expect(Object.keys(r)).toEqual(['createdTime', 'endTime', 'processingEndTime', 'processingStartTime', 'processingStatus', 'reportDocumentId', 'reportId', 'reportType', 'startTime']);
      expect(r.reportType).toBe(SETTLEMENT);
      expect(r.processingStatus).toBe('COMPLETED');
      for (const k of ['createdTime', 'endTime', 'processingEndTime', 'processingStartTime', 'startTime']) expect(r[k]).toMatch(COMPACT);
      expect(r.reportId).toMatch(ID);
      expect(r.reportDocumentId).toMatch(/^amzn1\.tortuga\.3\.[0-9a-f-]+\.[A-Za-z0-9]+$/);
    }
    const days = reports.map((r) => r.startTime!.slice(0, 8));
    expect(new Set(days).size).toBe(30);
    const key = (r: WireReport): string => `${r.createdTime} ${r.reportId}`;
    const sorted = [...reports].sort((a, b) => (key(a) < key(b) ? -1 : 1));
    expect(reports).toEqual(sorted);
  });

  it('pages 10 by default, 1..100 allowed, anything else 400', async () => {
    h = await startEmulator({ days: 30 });
    const first = await h.call('GET', '/live/v2/reports');
    expect(first.json.reports).toHaveLength(10);
    expect(first.json.nextToken).toBeTruthy();
    expect((await h.call('GET', '/live/v2/reports', { query: { pageSize: 1 } })).json.reports).toHaveLength(1);
    const hundred = await h.call('GET', '/live/v2/reports', { query: { pageSize: 100 } });
    expect(hundred.json.reports).toHaveLength(30);
    expect('nextToken' in hundred.json).toBe(false);
    for (const bad of ['0', '101', 'ten', '1.5']) {
      const res = await h.call('GET', '/live/v2/reports', { query: { pageSize: bad } });
      expect(res.status, bad).toBe(400);
      expect(res.json.reasonCode).toBe('InvalidParameterValue');
    }
  });

  it('wants nextToken alone; an empty nextToken counts as absent', async () => {
    h = await startEmulator({ days: 15 });
    const first = await h.call('GET', '/live/v2/reports');
    const mixed = await h.call('GET', '/live/v2/reports', { query: { nextToken: first.json.nextToken, pageSize: 10 } });
    expect(mixed.status).toBe(400);
    expect(mixed.json.reasonCode).toBe('InvalidParameterCombination');
    const dotnet = await h.call('GET', '/live/v2/reports', { query: { nextToken: first.json.nextToken, reportTypes: SETTLEMENT } });
    expect(dotnet.status).toBe(400);
    const empty = await h.call('GET', '/live/v2/reports', { query: { nextToken: '', pageSize: 3 } });
    expect(empty.status).toBe(200);
    expect(empty.json.reports).toHaveLength(3);
    const garbage = await h.call('GET', '/live/v2/reports', { query: { nextToken: 'not-a-token' } });
    expect(garbage.status).toBe(400);
    const second = await h.call('GET', '/live/v2/reports', { query: { nextToken: first.json.nextToken } });
    expect(second.json.reports).toHaveLength(5);
    expect(second.json.reports[0].reportId).not.toBe(first.json.reports[9].reportId);
  });

  it('a nextToken edited to ask for more than 100 reports per page is refused, not obeyed', async () => {
    h = await startEmulator({ days: 15 });
    const first = await h.call('GET', '/live/v2/reports', { query: { pageSize: 1 } });
    const token = JSON.parse(Buffer.from(first.json.nextToken as string, 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...token, n: 1000 })).toString('base64url');
    const res = await h.call('GET', '/live/v2/reports', { query: { nextToken: forged } });
    expect(res.status).toBe(400);
    expect(res.json.reasonCode).toBe('InvalidParameterValue');
  });

  it('filters by createdSince/createdUntil, reportTypes and processingStatuses', async () => {
    h = await startEmulator({ days: 20 });
    const all = await listAll(h, { pageSize: 100 });
    const since = all[5]!.createdTime!;
    const until = all[9]!.createdTime!;
    const window = await listAll(h, { createdSince: since, createdUntil: until });
    expect(window.map((r) => r.reportId)).toEqual(all.slice(5, 10).map((r) => r.reportId));
    const extended = `${since.slice(0, 4)}-${since.slice(4, 6)}-${since.slice(6, 8)}T${since.slice(9, 11)}:${since.slice(11, 13)}:${since.slice(13, 15)}Z`;
    expect((await listAll(h, { createdSince: extended })).length).toBe(15);
    expect(await listAll(h, { reportTypes: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_' })).toEqual([]);
    expect((await listAll(h, { reportTypes: `${SETTLEMENT},_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_`, processingStatuses: 'COMPLETED' })).length).toBe(20);
    expect(await listAll(h, { processingStatuses: 'IN_PROGRESS,CANCELLED' })).toEqual([]);
    for (const query of [{ reportTypes: 'BOGUS' }, { processingStatuses: 'DONE' }, { createdSince: 'yesterday' }, { colour: 'blue' }]) {
      const res = await h.call('GET', '/live/v2/reports', { query });
      expect(res.status, JSON.stringify(query)).toBe(400);
      expect(res.json.reasonCode).toBe('InvalidParameterValue');
    }
  });

  it('keeps 90 days: createdSince defaults to now−90 d and older reports vanish, by id too', async () => {
    h = await startEmulator({ days: 120 });
    const visible = await listAll(h, { pageSize: 100 });
    expect(visible.length).toBeGreaterThanOrEqual(89);
    expect(visible.length).toBeLessThanOrEqual(90);
    const oldest = visible[0]!;
    expect((await h.call('GET', `/live/v2/reports/${oldest.reportId}`)).status).toBe(200);
    h.clock.advance(2 * 86_400_000);
    const gone = await h.call('GET', `/live/v2/reports/${oldest.reportId}`);
    expect(gone.status).toBe(404);
    expect(gone.json.reasonCode).toBe('ResourceNotFound');
    expect((await h.call('GET', `/live/v2/report-documents/${oldest.reportDocumentId}`)).status).toBe(404);
    const later = await listAll(h, { pageSize: 100 });
    expect(later.map((r) => r.reportId)).not.toContain(oldest.reportId);
    expect(later.length).toBeGreaterThanOrEqual(89);
  });

  it('grows the history as the clock moves: a new settlement each day', async () => {
    h = await startEmulator({ days: 5 });
    expect(await listAll(h)).toHaveLength(5);
    h.clock.advance(86_400_000);
    expect(await listAll(h)).toHaveLength(6);
    expect(h.emulator.reports()).toHaveLength(6);
  });

  it('getReportById returns the flat Report and hides other merchants\' and unknown ids', async () => {
    h = await startEmulator({ days: 3 });
    const [r = {}] = await listAll(h);
    const one = await h.call('GET', `/live/v2/reports/${r.reportId}`);
    expect(one.status).toBe(200);
    expect(one.json).toEqual(r);
    const sandbox = await h.call('GET', `/sandbox/v2/reports/${r.reportId}`);
    expect(sandbox.status).toBe(404);
    expect((await h.call('GET', '/live/v2/reports/AUNKNOWN')).status).toBe(404);
    const view = h.emulator.reports(h.publicKeyId)[0]!;
    expect(view).toMatchObject({ reportId: r.reportId, reportType: SETTLEMENT, processingStatus: 'COMPLETED', environment: 'live', publicKeyId: h.publicKeyId, reportDocumentId: r.reportDocumentId });
    expect(view.createdTime).toBeInstanceOf(Date);
  });
});
