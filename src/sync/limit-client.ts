import { assembleClient } from '../client/assemble-client.js';
import type { AttemptHook, Client, RequestOptions } from '../client/types.js';
import { chainLimiters } from './chain-limiters.js';
import type { RateLimiter } from './rate-limiter.js';

/**
 * The same client, but every attempt of every API call — each page of a list, each retry — first
 * waits for `limiter`, tells it what the server answered, and is counted by `onAttempt`. Downloads
 * from the pre-signed URL are not API calls and are not limited here.
 */
export function limitClient(client: Client, limiter: RateLimiter, onAttempt: (operation: string) => void): Client {
  const gate: AttemptHook = async (operation, signal) => {
    const done = await limiter.acquire(operation, signal);
    onAttempt(operation);
    return done;
  };
  const withGate = (options: RequestOptions | undefined): RequestOptions => {
    const own = options?.onAttempt;
    // A caller's own hook still runs, inside ours.
    const hook = own ? chainLimiters({ acquire: gate }, { acquire: own }) : { acquire: gate };
    return { ...options, onAttempt: (operation, signal) => hook.acquire(operation, signal) };
  };
  const r = client.reports;
  const s = client.reportSchedules;
  return assembleClient(
    {
      listReports: (q, o) => r.list(q, withGate(o)),
      reportPages: (q, o) => r.pages(q, withGate(o)),
      getReport: (id, o) => r.get(id, withGate(o)),
      createReport: (input, o) => r.create(input, withGate(o)),
      getDocument: (id, o) => client.reportDocuments.get(id, withGate(o)),
      listSchedules: (q, o) => s.list(q, withGate(o)),
      getSchedule: (id, o) => s.get(id, withGate(o)),
      createSchedule: (input, o) => s.create(input, withGate(o)),
      cancelSchedule: (id, o) => s.cancel(id, withGate(o)),
      listDisbursements: (q, o) => client.disbursements.list(q, withGate(o)),
      disbursementPages: (q, o) => client.disbursements.pages(q, withGate(o)),
    },
    client.info,
    () => client.clockOffsetMs,
  );
}
