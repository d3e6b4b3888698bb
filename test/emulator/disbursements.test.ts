/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument, @typescript-eslint/no-unsafe-call -- wire JSON */
import { afterEach, describe, expect, it } from 'vitest';
import { startEmulator, type Harness } from './helpers.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.emulator.close();
  h = undefined;
});

describe('getDisbursements', () => {
  it('lists one disbursement per settlement, ISO times with ms, amounts equal to the Transfer row', async () => {
    h = await startEmulator({ days: 4 });
    const res = await h.call('GET', '/live/v2/disbursements');
    expect(res.status).toBe(200);
    const list = res.json.disbursements as Array<Record<string, string>>;
    expect(list).toHaveLength(4);
    expect('nextToken' in res.json).toBe(false);
    for (const d of list) {
      expect(Object.keys(d)).toEqual(['amazonDisbursementReferenceId', 'amount', 'currencyCode', 'sellerId', 'settlementId', 'transactionTime']);
      expect(d.transactionTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      expect(d.amount).toMatch(/^\d+\.\d{2}$/);
      expect(d.currencyCode).toBe('USD');
    }
    const reports = (await h.call('GET', '/live/v2/reports')).json.reports;
    const transfers = new Map<string, string>();
    for (const r of reports) {
      const doc = await h.call('GET', `/live/v2/report-documents/${r.reportDocumentId}`);
      const text = await (await fetch(doc.json.url)).text();
      const transfer = text.split('\n').find((l) => l.includes('"Transfer"'))!;
      const cells = transfer.slice(1, -1).split('","');
      transfers.set(cells[1]!, cells[14]!);
    }
    for (const d of list) expect(transfers.get(d.settlementId!)).toBe(`-${d.amount}`);
  });

  it('pages with nextToken alone and filters by startTime/endTime; sandbox has none', async () => {
    h = await startEmulator({ days: 7 });
    const all = (await h.call('GET', '/live/v2/disbursements', { query: { pageSize: 100 } })).json.disbursements;
    const pages: unknown[] = [];
    let res = await h.call('GET', '/live/v2/disbursements', { query: { pageSize: 3 } });
    for (;;) {
      pages.push(...res.json.disbursements);
      if (!res.json.nextToken) break;
      expect(res.json.nextToken).toMatch(/^[A-Za-z0-9._-]+$/);
      res = await h.call('GET', '/live/v2/disbursements', { query: { nextToken: res.json.nextToken } });
    }
    expect(pages).toEqual(all);
    const mixed = await h.call('GET', '/live/v2/disbursements', { query: { nextToken: 'x', pageSize: 3 } });
    expect(mixed.json.reasonCode).toBe('InvalidParameterCombination');
    const window = await h.call('GET', '/live/v2/disbursements', { query: { startTime: all[2].transactionTime, endTime: all[4].transactionTime } });
    expect(window.json.disbursements).toEqual(all.slice(2, 5));
    expect((await h.call('GET', '/live/v2/disbursements', { query: { startTime: '2026-11-01T00-00-00Z', nextToken: '' } })).status).toBe(200);
    expect((await h.call('GET', '/sandbox/v2/disbursements')).json).toEqual({ disbursements: [] });
    expect((await h.call('GET', '/live/v2/disbursements', { query: { pageSize: 0 } })).status).toBe(400);
  });
});
