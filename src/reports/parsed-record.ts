import type { ReportTimestamp } from './report-timestamp.js';

/** What a file holds. Sandbox settlement files look exactly like live ones, so only an override (or the report type) says `sandbox-settlement`. */
export type ReportKind = 'settlement' | 'sandbox-settlement' | 'refund' | 'capture' | 'generic';

/** Settlement TransactionType: the known values, open-ended because Amazon's list is incomplete (report-formats.md §3.3). */
export type SettlementTransactionType =
  | 'Capture' | 'Refund' | 'Authorization' | 'Debt' | 'Chargeback' | 'Dispute' | 'Adjustment' | 'Carryover' | 'Reserve' | 'Transfer'
  | (string & {});

/** One settlement row (report-formats.md §3.2). Amounts are canonical decimal strings; times ISO UTC plus the raw text. */
export interface SettlementRecord {
  kind: 'settlement';
  /** 1-based line in the file. */
  line: number;
  postedAt: string;
  postedAtRaw: string;
  settlementId: string;
  amazonTransactionId: string | null;
  sellerReferenceId: string | null;
  transactionType: SettlementTransactionType;
  amazonOrderReferenceId: string | null;
  sellerOrderId: string | null;
  storeName: string | null;
  currencyCode: string;
  description: string | null;
  amount: string;
  percentageFee: string;
  fixedFee: string;
  totalFee: string;
  net: string;
  /** Columns the header has beyond the documented 15, by header name. */
  extra?: Record<string, string | null>;
}

/** One refund-report row (report-formats.md §5.1): a state snapshot of a refund. */
export interface RefundRecord {
  kind: 'refund';
  line: number;
  amazonRefundId: string;
  refundReferenceId: string | null;
  amazonCaptureId: string | null;
  amazonOrderReferenceId: string | null;
  amount: string;
  currencyCode: string;
  sellerRefundNote: string | null;
  refundType: string | null;
  refundStatus: string | null;
  lastUpdatedAt: string | null;
  lastUpdatedAtRaw: string | null;
  reasonCode: string | null;
  createdAt: string | null;
  createdAtRaw: string | null;
  /** Any other columns (by header name). */
  extra?: Record<string, string | null>;
}

/** One capture-report row (report-formats.md §5.2); buyer and billing columns, when present, are in `extra`. */
export interface CaptureRecord {
  kind: 'capture';
  line: number;
  amazonCaptureId: string;
  captureReferenceId: string | null;
  amazonAuthorizationId: string | null;
  amazonOrderReferenceId: string | null;
  amount: string;
  currencyCode: string;
  sellerCaptureNote: string | null;
  captureStatus: string | null;
  lastUpdatedAt: string | null;
  lastUpdatedAtRaw: string | null;
  reasonCode: string | null;
  createdAt: string | null;
  createdAtRaw: string | null;
  extra?: Record<string, string | null>;
}

/** A row of a report whose layout is undocumented: cells keyed by header name, `""` → null. */
export interface GenericRecord {
  kind: 'generic';
  line: number;
  fields: Record<string, string | null>;
}

/** Any parsed row. */
export type ParsedRecord = SettlementRecord | RefundRecord | CaptureRecord | GenericRecord;

/** A problem that does not stop parsing (identity check failed, row outside the period, bad row under `onBadRow: 'warn'`…). */
export interface ParseWarning {
  code: string;
  message: string;
  line?: number;
}

/** The settlement preamble (report-formats.md §3.1). */
export interface SettlementPreamble {
  /** Banner lines such as `Amazon Payments Advanced`, `Settlement Report`. */
  banner: string[];
  sellerId: string | null;
  start: ReportTimestamp | null;
  end: ReportTimestamp | null;
}

/** What parsing learned about the file; complete once all records were read. */
export interface ParseSummary {
  kind: ReportKind | undefined;
  file: string | undefined;
  header: string[];
  preamble: SettlementPreamble | undefined;
  records: number;
  /** The first `maxWarnings` warnings; `warningCount` counts all. */
  warnings: ParseWarning[];
  warningCount: number;
  settlementIds: string[];
  currencies: string[];
}
