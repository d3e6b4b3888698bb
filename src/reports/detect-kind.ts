import type { ReportKind } from './parsed-record.js';

/** Kind from header names: settlement by its first two columns, refund and capture by their id + amount columns, else generic. */
export function detectKind(names: readonly string[]): ReportKind {
  const has = (n: string) => names.includes(n);
  if (has('TransactionPostedDate') && has('SettlementId')) return 'settlement';
  if (has('AmazonRefundId') && has('RefundAmount')) return 'refund';
  if (has('AmazonCaptureId') && has('CaptureAmount')) return 'capture';
  return 'generic';
}
