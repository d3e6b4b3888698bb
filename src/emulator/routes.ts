/** The nine operations and the download, by name (as in ScriptedFault and the request log). */
export type Operation =
  | 'getReports' | 'getReportById' | 'createReport' | 'getReportDocument' | 'getReportSchedules'
  | 'getReportScheduleById' | 'createReportSchedule' | 'cancelReportSchedule' | 'getDisbursements';

/** What a method + path is: an API operation, a download, or an error. */
export type RouteMatch =
  | { kind: 'api'; operation: Operation; environment: 'live' | 'sandbox' | undefined; id?: string }
  | { kind: 'download'; token: string }
  | { kind: 'not-found' }
  | { kind: 'method-not-allowed'; allow: string[] };

const API = /^\/(?:(live|sandbox)\/)?v2\/(reports|report-documents|report-schedules|disbursements)(?:\/([A-Za-z0-9._-]+))?\/?$/;
const TABLE: Record<string, Partial<Record<string, Operation>>> = {
  'reports': { GET: 'getReports', POST: 'createReport' },
  'reports/:id': { GET: 'getReportById' },
  'report-documents/:id': { GET: 'getReportDocument' },
  'report-schedules': { GET: 'getReportSchedules', POST: 'createReportSchedule' },
  'report-schedules/:id': { GET: 'getReportScheduleById', DELETE: 'cancelReportSchedule' },
  'disbursements': { GET: 'getDisbursements' },
};

/**
 * Maps method + path to an operation under `/live/v2`, `/sandbox/v2` or `/v2`, with or without a
 * trailing slash (.NET and Java add one, api.md §1.3); `/documents/<token>` is the download.
 */
export function matchRoute(method: string, path: string): RouteMatch {
  const doc = /^\/documents\/([A-Za-z0-9_-]+)$/.exec(path);
  if (doc) return method === 'GET' || method === 'HEAD' ? { kind: 'download', token: doc[1]! } : { kind: 'method-not-allowed', allow: ['GET', 'HEAD'] };
  const m = API.exec(path);
  if (!m) return { kind: 'not-found' };
  const [, env, resource = '', id] = m;
  const methods = TABLE[id === undefined ? resource : `${resource}/:id`];
  if (!methods) return { kind: 'not-found' };
  const operation = methods[method];
  if (!operation) return { kind: 'method-not-allowed', allow: Object.keys(methods) };
  const environment = env === 'live' || env === 'sandbox' ? env : undefined;
  return id === undefined ? { kind: 'api', operation, environment } : { kind: 'api', operation, environment, id };
}
