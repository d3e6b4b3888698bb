import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/client/types.js';
import { ConfigError } from '../../src/errors.js';
import { recordingFetch, startHarness, type Harness } from './helpers/emulator-client.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ days: 90 });
});
afterAll(async () => {
  await h.emulator.close();
});

describe('pagination against the emulator', () => {
  it('follows nextToken across many pages, each follow-up sending nextToken alone', async () => {
    const expected = h.emulator.reports(h.publicKeyId).filter((r) => r.environment === 'live');
    expect(expected.length).toBeGreaterThanOrEqual(80);
    const { fetch, sent } = recordingFetch();
    const from = h.emulator.requests.length;
    const seen: Report[] = [];
    for await (const report of h.client({ fetch }).reports.list({ pageSize: 7 })) seen.push(report);

    const pages = Math.ceil(expected.length / 7);
    expect(sent).toHaveLength(pages);
    expect(h.operations(from)).toEqual(Array.from({ length: pages }, () => 'getReports 200'));
    expect(new Set(seen.map((r) => r.reportId))).toEqual(new Set(expected.map((r) => r.reportId)));
    expect(seen).toHaveLength(expected.length);
    expect([...sent[0]!.url.searchParams.keys()]).toEqual(['pageSize']);
    for (const s of sent.slice(1)) expect([...s.url.searchParams.keys()]).toEqual(['nextToken']);
    // Times come out in the one exposed form whatever the emulator sent (compact).
    for (const r of seen) expect(r.createdTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
  });

  it('drops the filters on follow-up pages but keeps honouring them (the token carries them)', async () => {
    const { fetch, sent } = recordingFetch();
    const pages = [];
    for await (const page of h.client({ fetch }).reports.pages({ reportTypes: ['settlement'], processingStatuses: ['COMPLETED'], createdSince: new Date(Date.now() - 30 * 86_400_000), pageSize: 4 })) pages.push(page);
    expect(pages.length).toBeGreaterThan(2);
    expect(sent[0]!.url.searchParams.get('reportTypes')).toBe('_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_');
    for (const s of sent.slice(1)) expect([...s.url.searchParams.keys()]).toEqual(['nextToken']);
    for (const p of pages) for (const r of p.items) expect(r).toMatchObject({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', processingStatus: 'COMPLETED' });
    expect(pages.at(-1)!.nextToken).toBeUndefined();
  });

  it('stops requesting when the loop breaks', async () => {
    const from = h.emulator.requests.length;
    let n = 0;
    for await (const _report of h.client().reports.list({ pageSize: 5 })) {
      if (++n === 7) break; // inside the second page
    }
    expect(n).toBe(7);
    expect(h.operations(from)).toEqual(['getReports 200', 'getReports 200']);
    const pagesFrom = h.emulator.requests.length;
    for await (const _page of h.client().reports.pages({ pageSize: 5 })) break;
    expect(h.operations(pagesFrom)).toEqual(['getReports 200']);
  });

  it('validates the query before any request', () => {
    const from = h.emulator.requests.length;
    const client = h.client();
    expect(() => client.reports.list({ pageSize: 101 })).toThrow(ConfigError);
    expect(() => client.reports.pages({ reportTypes: ['nope'] })).toThrow(/unknown report type "nope"/);
    expect(() => client.disbursements.list({ startTime: 'not a date' })).toThrow(ConfigError);
    expect(h.emulator.requests.length).toBe(from);
  });

  it('pages through disbursements, amounts as decimal strings', async () => {
    const { fetch, sent } = recordingFetch();
    const all = [];
    for await (const d of h.client({ fetch }).disbursements.list({ startTime: new Date(Date.now() - 60 * 86_400_000), endTime: new Date(), pageSize: 10 })) all.push(d);
    expect(all.length).toBeGreaterThan(10);
    for (const s of sent.slice(1)) expect([...s.url.searchParams.keys()]).toEqual(['nextToken']);
    for (const d of all) {
      expect(typeof d.amount).toBe('string');
      expect(d.amount).toMatch(/^-?\d+\.\d{2}$/);
      expect(d.transactionTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    }
  });
});
