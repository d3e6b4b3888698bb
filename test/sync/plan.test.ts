import { describe, expect, it } from 'vitest';
import type { Report } from '../../src/client/types.js';
import { nextCheckpoint, planSync, type StoredReportState } from '../../src/sync/plan.js';
import { listingWindow, RETENTION_MARGIN_MS, RETENTION_MS } from '../../src/sync/window.js';
import { runPool } from '../../src/sync/run-pool.js';
import { WorkQueue } from '../../src/sync/work-queue.js';

const report = (reportId: string, processingStatus: string, createdTime = '2026-11-01T00:00:00Z'): Report => ({
  reportId,
  reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_',
  processingStatus,
  createdTime,
});

describe('planSync', () => {
  it('sorts listed reports into download, skip, in-progress, cancelled and failed', () => {
    const stored = new Map<string, StoredReportState>([
      ['done', { reportId: 'done', processingStatus: 'COMPLETED', stored: true }],
      ['half', { reportId: 'half', processingStatus: 'COMPLETED', stored: false }],
    ]);
    const plan = planSync(
      [report('new', 'COMPLETED'), report('done', 'COMPLETED'), report('half', 'COMPLETED'), report('wip', 'IN_PROGRESS'), report('c', 'CANCELLED'), report('f', 'FAILED')],
      (id) => stored.get(id),
    );
    expect(plan.download.map((r) => r.reportId)).toEqual(['new', 'half']);
    expect(plan.skipped.map((r) => r.reportId)).toEqual(['done']);
    expect(plan.inProgress.map((r) => r.reportId)).toEqual(['wip']);
    expect(plan.cancelled.map((r) => r.reportId)).toEqual(['c']);
    expect(plan.failed.map((r) => r.reportId)).toEqual(['f']);
    expect(plan.record).toHaveLength(6);
  });

  it('dedupes by reportId, keeping the most advanced status', () => {
    const plan = planSync([report('a', 'IN_PROGRESS'), report('a', 'COMPLETED'), report('a', 'IN_PROGRESS')], () => undefined);
    expect(plan.record).toHaveLength(1);
    expect(plan.download.map((r) => r.processingStatus)).toEqual(['COMPLETED']);
    expect(plan.inProgress).toEqual([]);
  });

  it('re-checks by id only stored reports needing work that the listing did not show', () => {
    const plan = planSync([report('seen', 'IN_PROGRESS')], () => undefined, [
      { reportId: 'seen', processingStatus: 'IN_PROGRESS', stored: false },
      { reportId: 'old', processingStatus: 'IN_PROGRESS', stored: false },
    ]);
    expect(plan.recheck).toEqual(['old']);
  });

  it('treats an unknown status as still in progress', () => {
    expect(planSync([report('x', 'QUEUED')], () => undefined).inProgress).toHaveLength(1);
  });
});

describe('nextCheckpoint', () => {
  const until = new Date('2026-11-10T00:00:00Z');
  it('is the listing upper bound when nothing is pending', () => {
    expect(nextCheckpoint([], until)).toEqual(until);
  });
  it('never passes a pending report', () => {
    const pending = [{ createdTime: '2026-11-05T00:00:00Z' }, { createdTime: '2026-11-03T12:00:00Z' }];
    expect(nextCheckpoint(pending, until).toISOString()).toBe('2026-11-03T12:00:00.000Z');
  });
});

describe('listingWindow', () => {
  const now = new Date('2026-11-27T12:00:00.500Z');
  const floor = Math.ceil((Date.parse('2026-11-27T12:00:00Z') - RETENTION_MS + RETENTION_MARGIN_MS) / 1000) * 1000;

  it('starts a first run just inside the 90-day retention, never exactly at it', () => {
    const w = listingWindow({ now });
    expect(w.createdSince.getTime()).toBe(floor);
    expect(w.createdSince.getTime()).toBeGreaterThan(now.getTime() - RETENTION_MS);
    expect(w.createdUntil.toISOString()).toBe('2026-11-27T12:00:00.000Z');
    expect(w.advancesCheckpoint).toBe(true);
  });

  it('re-lists the overlap before the checkpoint', () => {
    const w = listingWindow({ now, checkpoint: new Date('2026-11-20T00:00:00Z') });
    expect(w.createdSince.toISOString()).toBe('2026-11-18T00:00:00.000Z');
  });

  it('clamps an old checkpoint or --since to the retention floor', () => {
    expect(listingWindow({ now, checkpoint: new Date('2026-01-01T00:00:00Z') }).createdSince.getTime()).toBe(floor);
    expect(listingWindow({ now, since: new Date('2020-01-01T00:00:00Z') }).createdSince.getTime()).toBe(floor);
  });

  it('does not advance the checkpoint when --since skips past it', () => {
    const checkpoint = new Date('2026-11-10T00:00:00Z');
    expect(listingWindow({ now, checkpoint, since: new Date('2026-11-20T00:00:00Z') }).advancesCheckpoint).toBe(false);
    expect(listingWindow({ now, checkpoint, since: new Date('2026-11-01T00:00:00Z') }).advancesCheckpoint).toBe(true);
    expect(listingWindow({ now, since: new Date('2026-11-20T00:00:00Z') }).advancesCheckpoint).toBe(false);
  });
});

describe('runPool', () => {
  it('never runs more than the concurrency and attempts every item', async () => {
    let inFlight = 0;
    let max = 0;
    const done: number[] = [];
    await runPool([1, 2, 3, 4, 5, 6, 7], 3, async (n) => {
      inFlight++;
      max = Math.max(max, inFlight);
      await new Promise((r) => setImmediate(r));
      done.push(n);
      inFlight--;
    });
    expect(max).toBe(3);
    expect(done.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });

  it('prepares each worker\'s next item while it works on the current one, and drops it on stop', async () => {
    const log: string[] = [];
    await runPool<number, string>([1, 2, 3, 4], 1, async (n, prepared) => {
      log.push(`work ${n} with ${prepared}`);
      await new Promise((r) => setImmediate(r));
    }, () => false, (n) => {
      log.push(`prepare ${n}`);
      return `p${n}`;
    });
    // 2 is prepared before 1 is worked on: the short step overlaps the long one.
    expect(log).toEqual(['prepare 1', 'prepare 2', 'work 1 with p1', 'prepare 3', 'work 2 with p2', 'prepare 4', 'work 3 with p3', 'work 4 with p4']);

    const worked: number[] = [];
    let stopped = false;
    await runPool([1, 2, 3, 4], 1, async (n) => {
      worked.push(n);
      stopped = true;
      await Promise.resolve();
    }, () => stopped, (n) => n);
    expect(worked).toEqual([1]);
  });

  it('works on a queue while it is filled: workers wait for more, stop when it is closed and empty, take items pushed after close', async () => {
    const queue = new WorkQueue<number>();
    const worked: number[] = [];
    let requeued = false;
    const pool = runPool(queue, 2, async (n) => {
      worked.push(n);
      await new Promise((r) => setImmediate(r));
      // A throttled item goes to the back, after the queue was closed: still worked on.
      if (n === 3 && !requeued) {
        requeued = true;
        queue.push(3);
      }
    });
    queue.push(1);
    await new Promise((r) => setImmediate(r));
    // The first item is worked on before the rest exist.
    expect(worked).toEqual([1]);
    queue.push(2);
    queue.push(3);
    queue.close();
    await pool;
    expect(worked.sort()).toEqual([1, 2, 3, 3]);
  });

  it('a worker waiting on an open queue stops at close; stop() drops what is left', async () => {
    const queue = new WorkQueue<number>();
    let stopped = false;
    const worked: number[] = [];
    const pool = runPool(queue, 3, async (n) => {
      worked.push(n);
      stopped = true;
      await Promise.resolve();
    }, () => stopped);
    queue.push(1);
    await new Promise((r) => setImmediate(r));
    queue.push(2);
    queue.close();
    await pool;
    expect(worked).toEqual([1]);
  });
});
