import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCompact } from '../../src/dates.js';
import { ApiError, ConfigError } from '../../src/errors.js';
import { openStore } from '../../src/store/open-store.js';
import { syncReports } from '../../src/sync/sync.js';
import { hostileFixtures } from './fixtures.js';
import { clientFor } from './hostile-server.js';
import { clearError, measure, MiB, RAW_ERROR } from './memory-probe.js';

const { serve, tempDir } = hostileFixtures();

function json(res: import('node:http').ServerResponse, body: unknown): void {
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

describe('pagination is bounded', () => {
  it('a server that hands out a fresh nextToken forever stops at maxPages with ApiError TooManyPages', async () => {
    let served = 0;
    // A safety stop at 500 pages, so an unbounded client ends (and fails the assertions) instead of hanging.
    const server = await serve((_req, res) => {
      served++;
      json(res, served < 500 ? { reports: [], nextToken: `token-${served}` } : { reports: [] });
    });
    const { outcome } = await measure(async () => {
      let pages = 0;
      for await (const _ of clientFor(server, { maxPages: 20 }).reports.pages()) pages++;
      return pages;
    });
    const error = clearError(outcome);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ reasonCode: 'TooManyPages' });
    expect(error.message).toMatch(/GET \/v2\/reports failed: 200 TooManyPages: the listing still had a nextToken after 20 pages \(maxPages\)/);
    expect(error.message).not.toMatch(RAW_ERROR);
    expect(served).toBe(20);
  });

  it('a nextToken seen before stops the listing with ApiError RepeatedNextToken', async () => {
    let served = 0;
    const server = await serve((_req, res) => {
      served++;
      json(res, { reports: [], nextToken: served % 2 === 0 ? 'b' : 'a' });
    });
    const error = clearError((await measure(async () => {
      for await (const _ of clientFor(server).disbursements.pages()) void _;
    })).outcome);
    expect(error).toMatchObject({ name: 'ApiError', reasonCode: 'RepeatedNextToken' });
    expect(served).toBe(3);
  });

  it('maxPages is checked', () => {
    const server = { url: 'http://127.0.0.1:9', requests: [], close: () => Promise.resolve() };
    expect(() => clientFor(server, { maxPages: 0 })).toThrow(ConfigError);
    expect(() => clientFor(server, { maxPages: 2.5 })).toThrow(/maxPages must be a whole number from 1 \(pages per listing\), got 2.5/);
  });

  it('a sync through one page of 200 000 reports does not overflow the stack', async () => {
    const created = formatCompact(new Date(Date.now() - 24 * 3600_000));
    const reports = Array.from({ length: 200_000 }, (_, i) => ({ reportId: `R${i}`, reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', processingStatus: 'CANCELLED', createdTime: created }));
    const page = Buffer.from(JSON.stringify({ reports }));
    const server = await serve((req, res) => {
      if (req.url?.includes('/reports')) res.writeHead(200, { 'content-type': 'application/json' }).end(page);
      else json(res, { disbursements: [] });
    });
    const dir = tempDir();
    const store = await openStore(join(dir, 'store.db'));
    try {
      // The page is ~30 MB: past the default 4 MiB cap, so this client raises it.
      const summary = await syncReports({ client: clientFor(server, { maxResponseBytes: 64 * MiB }), store, outDir: join(dir, 'reports'), rateLimit: false });
      expect(summary).toMatchObject({ listed: 200_000, cancelled: 200_000, downloaded: 0, failed: 0 });
    } finally {
      await store.close();
    }
  });
});
