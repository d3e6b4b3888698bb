import type { Client } from './types.js';

/** The operations a Client is made of; `assembleClient` adds the grouped and flat names. */
export interface ClientOperations {
  listReports: Client['reports']['list'];
  reportPages: Client['reports']['pages'];
  getReport: Client['reports']['get'];
  createReport: Client['reports']['create'];
  getDocument: Client['reportDocuments']['get'];
  listSchedules: Client['reportSchedules']['list'];
  getSchedule: Client['reportSchedules']['get'];
  createSchedule: Client['reportSchedules']['create'];
  cancelSchedule: Client['reportSchedules']['cancel'];
  listDisbursements: Client['disbursements']['list'];
  disbursementPages: Client['disbursements']['pages'];
}

/** Builds the Client shape (grouped resources plus the API-named aliases) from its operations. */
export function assembleClient(ops: ClientOperations, info: Client['info'], clockOffsetMs: () => number): Client {
  return {
    reports: { list: ops.listReports, pages: ops.reportPages, get: ops.getReport, create: ops.createReport },
    reportDocuments: { get: ops.getDocument },
    reportSchedules: { list: ops.listSchedules, get: ops.getSchedule, create: ops.createSchedule, cancel: ops.cancelSchedule },
    disbursements: { list: ops.listDisbursements, pages: ops.disbursementPages },
    getReports: ops.listReports,
    getReportById: ops.getReport,
    createReport: ops.createReport,
    getReportDocument: ops.getDocument,
    getReportSchedules: ops.listSchedules,
    getReportScheduleById: ops.getSchedule,
    createReportSchedule: ops.createSchedule,
    cancelReportSchedule: ops.cancelSchedule,
    getDisbursements: ops.listDisbursements,
    info,
    get clockOffsetMs() {
      return clockOffsetMs();
    },
  };
}
