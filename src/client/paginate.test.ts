import { describe, expect, it } from 'vitest';
import { ApiError } from '../errors.js';
import type { QueryParams } from '../signing/canonical-query.js';
import { flattenPages, paginate } from './paginate.js';
import type { Page } from './types.js';

/** A page source over an in-memory list; records the query of every request. */
function source(total: number, size: number): { fetchPage: (q: QueryParams) => Promise<Page<number>>; queries: QueryParams[] } {
  const queries: QueryParams[] = [];
  return {
    queries,
    fetchPage: (q) => {
      queries.push(q);
      const start = q.nextToken === undefined ? 0 : Number(q.nextToken);
      const items = Array.from({ length: Math.min(size, total - start) }, (_, i) => start + i);
      const next = start + size;
      return Promise.resolve(next < total ? { items, nextToken: String(next) } : { items });
    },
  };
}

describe('paginate', () => {
  it('sends the filters first and nextToken alone afterwards', async () => {
    const s = source(20, 7);
    const all: number[] = [];
    for await (const n of flattenPages(paginate({ pageSize: 7, reportTypes: 'X' }, s.fetchPage, 'GET /v2/reports'))) all.push(n);
    expect(all).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(s.queries).toEqual([{ pageSize: 7, reportTypes: 'X' }, { nextToken: '7' }, { nextToken: '14' }]);
  });

  it('makes no request until iterated, and none after break', async () => {
    const s = source(100, 10);
    const pages = paginate({}, s.fetchPage, 'op');
    expect(s.queries).toHaveLength(0);
    for await (const page of pages) if (page.items.length > 0) break;
    expect(s.queries).toHaveLength(1);
  });

  it('stops on a repeated nextToken instead of looping', async () => {
    const fetchPage = () => Promise.resolve({ items: [1], nextToken: 'same' });
    const run = async () => {
      for await (const _ of paginate({}, fetchPage, 'GET /v2/reports')) {
        // drain
      }
    };
    await expect(run()).rejects.toBeInstanceOf(ApiError);
    await expect(run()).rejects.toThrow(/nextToken it had already returned/);
  });
});
