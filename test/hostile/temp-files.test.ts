import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatCompact } from '../../src/dates.js';
import { openStore } from '../../src/store/open-store.js';
import { syncReports } from '../../src/sync/sync.js';
import { hostileFixtures } from './fixtures.js';
import { clientFor, type HostileServer } from './hostile-server.js';

const { serve, tempDir } = hostileFixtures();

const csv = Buffer.from(Array.from({ length: 50_000 }, (_, i) => `row${i},${i}.50,USD\n`).join(''));

/** An API plus document host with `reports`; the document body stops halfway until `release()`. */
async function apiWith(reportIds: string[]): Promise<{ server: HostileServer; release: () => void }> {
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  const created = formatCompact(new Date(Date.now() - 3600_000));
  const server = await serve((req, res) => {
    const path = req.url ?? '';
    const json = (body: unknown): void => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (path.startsWith('/v2/reports')) {
      json({ reports: reportIds.map((id) => ({ reportId: id, reportType: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_', processingStatus: 'COMPLETED', createdTime: created, reportDocumentId: `DOC-${id}` })) });
    } else if (path.startsWith('/v2/report-documents/')) {
      const id = path.split('/').pop() as string;
      json({ reportDocumentId: id, url: `${server.url}/files/${id}?X-Amz-Signature=s` });
    } else if (path.startsWith('/files/')) {
      res.writeHead(200, { 'content-length': csv.length });
      res.write(csv.subarray(0, csv.length / 2));
      void held.then(() => res.end(csv.subarray(csv.length / 2)));
    } else {
      json({ disbursements: [] });
    }
  });
  return { server, release };
}

function partFiles(out: string): string[] {
  try {
    return readdirSync(out, { recursive: true }).map(String).filter((n) => n.endsWith('.part'));
  } catch {
    return [];
  }
}

describe('temp files in a shared --out', () => {
  it("two syncs into different stores but the same --out do not delete each other's temp files", async () => {
    const dir = tempDir();
    const out = join(dir, 'reports');
    const a = await apiWith(['RA']);
    const b = await apiWith([]);
    const storeA = await openStore(join(dir, 'a.db'));
    const storeB = await openStore(join(dir, 'b.db'));
    try {
      const syncA = syncReports({ client: clientFor(a.server), store: storeA, outDir: out, rateLimit: false });
      // Wait until A's download is half on disk, held there by its server.
      while (partFiles(out).length === 0) await new Promise((r) => setTimeout(r, 10));
      const inFlight = partFiles(out);

      const summaryB = await syncReports({ client: clientFor(b.server), store: storeB, outDir: out, rateLimit: false });
      expect(summaryB).toMatchObject({ listed: 0, failed: 0 });
      expect(partFiles(out)).toEqual(inFlight);

      a.release();
      const summaryA = await syncA;
      expect(summaryA).toMatchObject({ downloaded: 1, failed: 0 });
      expect(readFileSync(join(out, 'settlement', readdirSync(join(out, 'settlement')).find((n) => n.endsWith('_RA.csv')) as string)).equals(csv)).toBe(true);
      expect(partFiles(out)).toEqual([]);
    } finally {
      await storeA.close();
      await storeB.close();
    }
  });
});
