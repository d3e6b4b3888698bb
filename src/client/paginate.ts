import { ApiError } from '../errors.js';
import type { QueryParams } from '../signing/canonical-query.js';
import type { Page } from './types.js';

/** Fetches one page for the given query parameters. */
export type FetchPage<T> = (query: QueryParams) => Promise<Page<T>>;

/** Default bound on the pages one listing follows (a million reports at 100 a page). */
export const DEFAULT_MAX_PAGES = 10_000;

/**
 * Pages of a list operation, following `nextToken`. The follow-up request sends `nextToken` as
 * its only parameter, as the API demands (api.md §3.1). Requests are made lazily, one per page
 * pulled, so `break` in a `for await` stops further requests. At most `maxPages` are fetched: a
 * server handing out fresh tokens forever must not keep us listing forever.
 */
export async function* paginate<T>(first: QueryParams, fetchPage: FetchPage<T>, operation: string, maxPages = DEFAULT_MAX_PAGES): AsyncGenerator<Page<T>, void, undefined> {
  let query = first;
  const seen = new Set<string>();
  for (let pages = 1; ; pages++) {
    const page = await fetchPage(query);
    yield page;
    const token = page.nextToken;
    if (token === undefined || token === '') return;
    if (pages >= maxPages) {
      throw new ApiError(`the listing still had a nextToken after ${maxPages} pages (maxPages); stopped rather than page forever`, { status: 200, reasonCode: 'TooManyPages', operation });
    }
    // A server handing back a token it already gave would loop forever.
    if (seen.has(token)) throw new ApiError('the API returned a nextToken it had already returned', { status: 200, reasonCode: 'RepeatedNextToken', operation });
    seen.add(token);
    query = { nextToken: token };
  }
}

/** The items of every page, in order; `break` stops further requests. */
export async function* flattenPages<T>(pages: AsyncIterable<Page<T>>): AsyncGenerator<T, void, undefined> {
  for await (const page of pages) yield* page.items;
}
