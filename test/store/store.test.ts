import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/client/types.js';
import { StoreError } from '../../src/errors.js';
import { openStore } from '../../src/store/open-store.js';
import type { Store } from '../../src/store/store.js';

let dir: string;
let store: Store;
let clock: Date;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'apr-store-'));
  clock = new Date('2026-11-01T10:00:00Z');
  store = openStore(join(dir, 'a.db'), { now: () => clock });
});
afterEach(() => {
  store.close();
  rmSync(dir, { recursive: true, force: true });
});

const report = (over: Partial<Report> = {}): Report => ({
  reportId: 'R-1',
  reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_',
  processingStatus: 'IN_PROGRESS',
  createdTime: '20261030T120000Z',
  startTime: '2026-10-16T00:00:00Z',
  ...over,
});

describe('reports', () => {
  it('reports new, then unchanged, then changed, normalising times', () => {
    expect(store.upsertListedReport(report())).toBe('new');
    expect(store.upsertListedReport(report())).toBe('unchanged');
    clock = new Date('2026-11-01T11:00:00Z');
    expect(store.upsertListedReport(report({ processingStatus: 'COMPLETED', reportDocumentId: 'D-1' }))).toBe('changed');
    expect(store.getReport('R-1')).toEqual({
      reportId: 'R-1',
      reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_',
      processingStatus: 'COMPLETED',
      createdTime: '2026-10-30T12:00:00Z',
      startTime: '2026-10-16T00:00:00Z',
      reportDocumentId: 'D-1',
      firstSeenAt: '2026-11-01T10:00:00Z',
      updatedAt: '2026-11-01T11:00:00Z',
      attempts: 0,
    });
  });

  it('a listing that omits a field does not erase it', () => {
    store.upsertListedReport(report({ processingStatus: 'COMPLETED', reportDocumentId: 'D-1' }));
    const { startTime: _s, ...rest } = report({ processingStatus: 'COMPLETED' });
    expect(store.upsertListedReport(rest)).toBe('unchanged');
    expect(store.getReport('R-1')).toMatchObject({ startTime: '2026-10-16T00:00:00Z', reportDocumentId: 'D-1' });
  });

  it('never clears a recorded download on re-listing', () => {
    store.upsertListedReport(report({ processingStatus: 'COMPLETED', reportDocumentId: 'D-1' }));
    store.recordDownload('R-1', { path: '/x/settlement/2026-10-16_R-1.csv', bytes: 42, sha256: 'ab'.repeat(32) });
    store.upsertListedReport(report({ processingStatus: 'COMPLETED', reportDocumentId: 'D-2' }));
    expect(store.getReport('R-1')).toMatchObject({ filePath: '/x/settlement/2026-10-16_R-1.csv', bytes: 42, reportDocumentId: 'D-2' });
  });

  it('recordDownload of an unknown report is a StoreError', () => {
    expect(() => store.recordDownload('nope', { path: '/x', bytes: 1, sha256: 'a' })).toThrow(StoreError);
  });

  it('recordFailure counts attempts and redacts URLs; a later download clears the error', () => {
    store.upsertListedReport(report({ processingStatus: 'COMPLETED', reportDocumentId: 'D-1' }));
    store.recordFailure('R-1', 'GET https://bucket.example/doc?X-Amz-Signature=secret failed');
    store.recordFailure('R-1', 'again');
    const failed = store.getReport('R-1');
    expect(failed?.attempts).toBe(2);
    expect(failed?.lastError).toBe('again');
    store.recordFailure('R-1', 'GET https://bucket.example/doc?X-Amz-Signature=secret failed');
    expect(store.getReport('R-1')?.lastError).not.toContain('secret');
    store.recordDownload('R-1', { path: '/p', bytes: 1, sha256: 'a' });
    expect(store.getReport('R-1')).toMatchObject({ attempts: 3, downloadedAt: '2026-11-01T10:00:00Z' });
    expect(store.getReport('R-1')?.lastError).toBeUndefined();
  });

  it('reportsNeedingWork: COMPLETED without a file and unfinished ones, oldest first', () => {
    store.upsertListedReport(report({ reportId: 'done', processingStatus: 'COMPLETED', reportDocumentId: 'D1', createdTime: '2026-10-01T00:00:00Z' }));
    store.recordDownload('done', { path: '/p', bytes: 1, sha256: 'a' });
    store.upsertListedReport(report({ reportId: 'todo', processingStatus: 'COMPLETED', reportDocumentId: 'D2', createdTime: '2026-10-03T00:00:00Z' }));
    store.upsertListedReport(report({ reportId: 'busy', processingStatus: 'IN_PROGRESS', createdTime: '2026-10-02T00:00:00Z' }));
    store.upsertListedReport(report({ reportId: 'dead', processingStatus: 'CANCELLED', createdTime: '2026-10-02T00:00:00Z' }));
    store.upsertListedReport(report({ reportId: 'bad', processingStatus: 'FAILED', createdTime: '2026-10-02T00:00:00Z' }));
    expect(store.reportsNeedingWork().map((r) => r.reportId)).toEqual(['busy', 'todo']);
  });

  it('listReports filters by type, status, created window and download state', () => {
    store.upsertListedReport(report({ reportId: 'a', processingStatus: 'COMPLETED', createdTime: '2026-10-01T00:00:00Z' }));
    store.upsertListedReport(report({ reportId: 'b', processingStatus: 'CANCELLED', createdTime: '2026-10-05T00:00:00Z' }));
    store.upsertListedReport(report({ reportId: 'c', reportType: 'other', processingStatus: 'COMPLETED', createdTime: '2026-10-09T00:00:00Z' }));
    store.recordDownload('c', { path: '/p', bytes: 1, sha256: 'a' });
    const ids = (f: Parameters<Store['listReports']>[0]) => store.listReports(f).map((r) => r.reportId);
    expect(ids({})).toEqual(['a', 'b', 'c']);
    expect(ids({ processingStatuses: ['COMPLETED'] })).toEqual(['a', 'c']);
    expect(ids({ reportTypes: ['other'] })).toEqual(['c']);
    expect(ids({ createdSince: '2026-10-05', createdUntil: new Date('2026-10-09T00:00:00Z') })).toEqual(['b']);
    expect(ids({ downloaded: true })).toEqual(['c']);
    expect(ids({ downloaded: false })).toEqual(['a', 'b']);
    expect(ids({ reportTypes: ["x') OR 1=1 --"] })).toEqual([]);
    expect(() => store.listReports({ createdSince: 'yesterday' })).toThrow(StoreError);
  });
});

describe('checkpoints, runs, transactions', () => {
  it('checkpoints upsert', () => {
    expect(store.getCheckpoint('c')).toBeUndefined();
    store.setCheckpoint('c', '1');
    store.setCheckpoint('c', '2');
    expect(store.getCheckpoint('c')).toBe('2');
  });

  it('runs start as running and finish with a summary', () => {
    const id = store.startRun();
    expect(store.listRuns()[0]).toMatchObject({ id, status: 'running', listed: 0 });
    clock = new Date('2026-11-01T10:05:00Z');
    store.finishRun(id, { status: 'ok', listed: 5, downloaded: 3, skipped: 1, failed: 1, apiCalls: 9 });
    expect(store.listRuns(1)).toEqual([
      { id, startedAt: '2026-11-01T10:00:00Z', finishedAt: '2026-11-01T10:05:00Z', status: 'ok', listed: 5, downloaded: 3, skipped: 1, failed: 1, apiCalls: 9 },
    ]);
  });

  it('a run left running by a killed process is marked interrupted when the next run starts', () => {
    const dead = store.startRun();
    clock = new Date('2026-11-01T11:00:00Z');
    const next = store.startRun();
    const runs = store.listRuns(2);
    expect(runs.find((r) => r.id === dead)).toMatchObject({ status: 'interrupted', finishedAt: '2026-11-01T11:00:00Z' });
    expect(runs.find((r) => r.id === next)).toMatchObject({ status: 'running' });
  });

  it('a throwing transaction rolls everything back', () => {
    expect(() =>
      store.transaction(() => {
        store.setCheckpoint('c', 'x');
        store.upsertListedReport(report());
        throw new Error('boom');
      }),
    ).toThrow('boom');
    expect(store.getCheckpoint('c')).toBeUndefined();
    expect(store.getReport('R-1')).toBeUndefined();
  });
});

describe('disbursements', () => {
  const d = {
    sellerId: 'S1',
    settlementId: '100',
    amazonDisbursementReferenceId: 'REF-1',
    amount: '1000.50',
    currencyCode: 'USD',
    transactionTime: '2026-10-07T17:08:26.717Z',
  };

  it('upserts by reference id and keeps the amount as a decimal string', () => {
    expect(store.upsertDisbursement(d)).toBe('new');
    expect(store.upsertDisbursement(d)).toBe('unchanged');
    expect(store.upsertDisbursement({ ...d, amount: '1000.5' })).toBe('changed');
    expect(store.listDisbursements()).toEqual([{ ...d, amount: '1000.5', transactionTime: '2026-10-07T17:08:26Z' }]);
  });

  it('filters by since (inclusive) and until (exclusive)', () => {
    store.upsertDisbursement(d);
    store.upsertDisbursement({ ...d, amazonDisbursementReferenceId: 'REF-2', transactionTime: '2026-10-20T00:00:00Z' });
    expect(store.listDisbursements({ since: '2026-10-08' }).map((x) => x.amazonDisbursementReferenceId)).toEqual(['REF-2']);
    expect(store.listDisbursements({ until: '2026-10-20T00:00:00Z' }).map((x) => x.amazonDisbursementReferenceId)).toEqual(['REF-1']);
  });
});
