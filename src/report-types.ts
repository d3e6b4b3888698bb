/** Amazon Pay report types (api.md §4.6) and the CLI's short names for them (cli.md). */
export const REPORT_TYPES = {
  settlement: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SETTLEMENT_DATA_',
  'sandbox-settlement': '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_SANDBOX_SETTLEMENT_DATA_',
  'order-reference': '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_ORDER_REFERENCE_DATA_',
  'billing-agreement': '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_BILLING_AGREEMENT_DATA_',
  authorization: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_AUTHORIZATION_DATA_',
  capture: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_CAPTURE_DATA_',
  refund: '_GET_FLAT_FILE_OFFAMAZONPAYMENTS_REFUND_DATA_',
  'multi-currency': '_GET_CSV_CUSTOM_OFFAMAZONPAYMENTS_MULTI_CURRENCY_PAYMENTS_DATA_',
} as const;

export type ReportTypeShort = keyof typeof REPORT_TYPES;
export type ReportType = (typeof REPORT_TYPES)[ReportTypeShort];

export const PROCESSING_STATUSES = ['IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED'] as const;
export type ProcessingStatus = (typeof PROCESSING_STATUSES)[number];

/** ISO 8601 durations the API accepts for schedules (api.md §4.7, from the .NET SDK). */
export const SCHEDULE_FREQUENCIES = ['PT5M', 'PT15M', 'PT30M', 'PT1H', 'PT2H', 'PT4H', 'PT8H', 'PT12H', 'PT24H', 'PT84H', 'P1D', 'P2D', 'P3D', 'P7D', 'P14D', 'P15D', 'P18D', 'P30D'] as const;
export type ScheduleFrequency = (typeof SCHEDULE_FREQUENCIES)[number];

const BY_FULL = new Map<string, ReportTypeShort>(Object.entries(REPORT_TYPES).map(([s, f]) => [f, s as ReportTypeShort]));

/** Full report type for a full or short name; undefined when unknown. Case-insensitive for short names. */
export function toReportType(name: string): ReportType | undefined {
  if (BY_FULL.has(name)) return name as ReportType;
  return (REPORT_TYPES as Record<string, ReportType>)[name.toLowerCase()];
}

/** Short name for a full report type (`settlement`), or a sanitised fallback for an unknown one. */
export function shortReportType(type: string): string {
  return BY_FULL.get(type) ?? (type.replace(/^_+|_+$/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-') || 'unknown');
}
