import type { Store } from '../store/store.js';
import type { ExportedRow, StoredSettlement } from '../store/stored-report.js';

/** One page of a settlement's rows, by posted time, and how many it has. */
export interface RowsPage {
  offset: number;
  limit: number;
  total: number;
  rows: ExportedRow[];
}

/**
 * Rows offset..offset+limit of one settlement. Reads only the settlement's posting window, in
 * the store's batches, and stops once the page is full: a page never loads the whole settlement.
 */
export async function settlementRowsPage(store: Store, s: StoredSettlement, offset: number, limit: number): Promise<RowsPage> {
  const page: ExportedRow[] = [];
  if (s.firstPostedAt !== null && s.lastPostedAt !== null) {
    // The store bounds times to the second: one second past the last row includes it.
    const until = new Date(Date.parse(s.lastPostedAt) + 1000).toISOString();
    let skip = offset;
    outer: for await (const batch of store.settlementRows({ since: s.firstPostedAt, until })) {
      for (const row of batch) {
        if (row.settlementId !== s.settlementId || row.reportId !== s.reportId) continue;
        if (skip > 0) {
          skip--;
          continue;
        }
        page.push(row);
        if (page.length === limit) break outer;
      }
    }
  }
  return { offset, limit, total: s.rowCount, rows: page };
}
