import type { Report, ReportSchedule } from '../client/types.js';
import { shortReportType } from '../report-types.js';
import type { Column } from './output.js';

// How reports and schedules look in human output; --json prints the API objects as they are.

export const REPORT_COLUMNS: readonly Column[] = [
  { key: 'reportId', header: 'REPORT ID' },
  { key: 'type', header: 'TYPE' },
  { key: 'processingStatus', header: 'STATUS' },
  { key: 'createdTime', header: 'CREATED' },
  { key: 'startTime', header: 'START' },
  { key: 'endTime', header: 'END' },
  { key: 'reportDocumentId', header: 'DOCUMENT ID' },
];

export const REPORT_FIELDS = ['reportId', 'reportType', 'processingStatus', 'createdTime', 'startTime', 'endTime', 'processingStartTime', 'processingEndTime', 'reportDocumentId'];

export function reportRow(r: Report): Record<string, unknown> {
  return { ...r, type: shortReportType(r.reportType) };
}

export const SCHEDULE_COLUMNS: readonly Column[] = [
  { key: 'reportScheduleId', header: 'SCHEDULE ID' },
  { key: 'type', header: 'TYPE' },
  { key: 'scheduleFrequency', header: 'FREQUENCY' },
  { key: 'nextReportCreationTime', header: 'NEXT REPORT' },
];

export const SCHEDULE_FIELDS = ['reportScheduleId', 'reportType', 'scheduleFrequency', 'nextReportCreationTime'];

export function scheduleRow(s: ReportSchedule): Record<string, unknown> {
  return { ...s, type: shortReportType(s.reportType) };
}
