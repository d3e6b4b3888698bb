/* eslint-disable @typescript-eslint/no-unsafe-member-access, @typescript-eslint/no-unsafe-assignment, @typescript-eslint/no-unsafe-argument -- wire JSON */
import { describe, expect, it } from 'vitest';
import { startEmulator, TestClock, type Harness } from './helpers.js';

interface Snapshot {
  publicKeyId: string;
  reports: unknown[];
  shas: string[];
  created: unknown;
  schedule: unknown;
  disbursements: unknown;
}

async function snapshot(seed: number, start = '2026-11-20T12:00:00Z'): Promise<Snapshot> {
  const h: Harness = await startEmulator({ seed, days: 6 }, new TestClock(start));
  try {
    const reports = (await h.call('GET', '/live/v2/reports')).json.reports;
    const shas: string[] = [];
    for (const r of reports) shas.push((await h.emulator.documentSha256(r.reportDocumentId)).sha256);
    const created = (await h.call('POST', '/live/v2/reports', { body: JSON.stringify({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', startTime: '20261115T000000Z', endTime: '20261116T000000Z' }) })).json;
    const schedule = (await h.call('POST', '/live/v2/report-schedules', { body: JSON.stringify({ reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_', scheduleFrequency: 'P1D' }) })).json;
    const disbursements = (await h.call('GET', '/live/v2/disbursements')).json;
    return { publicKeyId: h.publicKeyId, reports, shas, created, schedule, disbursements };
  } finally {
    await h.emulator.close();
  }
}

describe('determinism', () => {
  it('same seed and clock: identical ids, files (byte for byte) and amounts', async () => {
    const a = await snapshot(3);
    const b = await snapshot(3);
    expect(b).toEqual(a);
    expect(a.reports).toHaveLength(6);
  });

  it('another seed: other ids and files', async () => {
    const a = await snapshot(3);
    const c = await snapshot(4);
    expect(c.publicKeyId).not.toBe(a.publicKeyId);
    expect(c.shas.some((s) => a.shas.includes(s))).toBe(false);
  });

  it('ids do not depend on when the emulator started: a settlement day keeps its ids a day later', async () => {
    const a = await snapshot(3, '2026-11-20T12:00:00Z');
    const b = await snapshot(3, '2026-11-21T09:30:00Z');
    const key = (r: any): string => `${r.startTime} ${r.reportId} ${r.reportDocumentId}`; // eslint-disable-line @typescript-eslint/no-explicit-any
    const overlap = a.reports.map(key).filter((k) => b.reports.map(key).includes(k));
    expect(overlap).toHaveLength(5);
    expect(b.shas.slice(0, 5)).toEqual(a.shas.slice(1));
  });
});
