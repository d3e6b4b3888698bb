import { assembleClient } from '../client/assemble-client.js';
import type { Client, Page, RequestOptions } from '../client/types.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * The same client, but every API call (each page of a list counts as one) first takes a token
 * from `limiter` and is counted by `onCall`. Downloads from the pre-signed URL are not API calls.
 */
export function limitClient(client: Client, limiter: RateLimiter, onCall: (operation: string) => void): Client {
  const gate = async (operation: string, options?: RequestOptions): Promise<void> => {
    await limiter.take(options?.signal);
    onCall(operation);
  };
  const once = <A extends unknown[], R>(operation: string, fn: (...args: A) => Promise<R>, optionsAt: number) =>
    async (...args: A): Promise<R> => {
      await gate(operation, args[optionsAt] as RequestOptions | undefined);
      return fn(...args);
    };
  const paged = <Q, T>(operation: string, fn: (query?: Q, options?: RequestOptions) => AsyncIterable<Page<T>>) =>
    (query?: Q, options?: RequestOptions): AsyncIterable<Page<T>> => ({
      [Symbol.asyncIterator]() {
        let it: AsyncIterator<Page<T>> | undefined;
        let done = false;
        return {
          async next() {
            if (done) return { done: true, value: undefined };
            it ??= fn(query, options)[Symbol.asyncIterator]();
            // A page without nextToken was the last: ending the iterator makes no request.
            await gate(operation, options);
            const r = await it.next();
            if (r.done || r.value.nextToken === undefined || r.value.nextToken === '') done = true;
            if (r.done) return r;
            return { done: false, value: r.value };
          },
          async return() {
            done = true;
            await it?.return?.();
            return { done: true, value: undefined };
          },
        };
      },
    });
  const flat = <T>(pages: AsyncIterable<Page<T>>): AsyncIterable<T> => ({
    async *[Symbol.asyncIterator]() {
      for await (const page of pages) yield* page.items;
    },
  });

  const reportPages = paged('getReports', client.reports.pages.bind(client.reports));
  const disbursementPages = paged('getDisbursements', client.disbursements.pages.bind(client.disbursements));
  const getReport = once('getReportById', client.reports.get.bind(client.reports), 1);
  const createReport = once('createReport', client.reports.create.bind(client.reports), 1);
  const getDocument = once('getReportDocument', client.reportDocuments.get.bind(client.reportDocuments), 1);
  const listSchedules = once('getReportSchedules', client.reportSchedules.list.bind(client.reportSchedules), 1);
  const getSchedule = once('getReportScheduleById', client.reportSchedules.get.bind(client.reportSchedules), 1);
  const createSchedule = once('createReportSchedule', client.reportSchedules.create.bind(client.reportSchedules), 1);
  const cancelSchedule = once('cancelReportSchedule', client.reportSchedules.cancel.bind(client.reportSchedules), 1);
  const listReports: Client['getReports'] = (q, o) => flat(reportPages(q, o));
  const listDisbursements: Client['getDisbursements'] = (q, o) => flat(disbursementPages(q, o));

  return assembleClient(
    { listReports, reportPages, getReport, createReport, getDocument, listSchedules, getSchedule, createSchedule, cancelSchedule, listDisbursements, disbursementPages },
    client.info,
    () => client.clockOffsetMs,
  );
}
