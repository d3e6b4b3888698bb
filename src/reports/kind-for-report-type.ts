import { REPORT_TYPES } from '../report-types.js';
import type { ReportKind } from './parsed-record.js';

/** The parser kind for an API reportType; undefined lets the content decide (undocumented layouts). */
export function kindForReportType(reportType: string): ReportKind | undefined {
  switch (reportType) {
    case REPORT_TYPES.settlement:
      return 'settlement';
    case REPORT_TYPES['sandbox-settlement']:
      return 'sandbox-settlement';
    case REPORT_TYPES.refund:
      return 'refund';
    case REPORT_TYPES.capture:
      return 'capture';
    default:
      return undefined;
  }
}
