import type { StoredSettlement } from './stored-report.js';

/** A `settlements` row as both engines return it (SQLite gives `active` as 0/1, PostgreSQL as a boolean). */
export interface SettlementRow {
  settlement_id: string; report_id: string; report_type: string; seller_id: string | null; start_raw: string | null;
  start_at: string | null; end_raw: string | null; end_at: string | null; currency: string; row_count: number;
  captures: string; refunds: string; fees: string; chargebacks: string; adjustments: string; reserve: string;
  net: string; payout: string; transfer_count: number; first_posted_at: string | null; last_posted_at: string | null;
  active: number | boolean;
}

/** The row as a StoredSettlement (snake_case to camelCase). */
export function toStoredSettlement(r: SettlementRow): StoredSettlement {
  return {
    settlementId: r.settlement_id, reportId: r.report_id, reportType: r.report_type, sellerId: r.seller_id,
    startRaw: r.start_raw, startAt: r.start_at, endRaw: r.end_raw, endAt: r.end_at, currency: r.currency,
    rowCount: r.row_count, captures: r.captures, refunds: r.refunds, fees: r.fees, chargebacks: r.chargebacks,
    adjustments: r.adjustments, reserve: r.reserve, net: r.net, payout: r.payout, transferCount: r.transfer_count,
    firstPostedAt: r.first_posted_at, lastPostedAt: r.last_posted_at, active: r.active === true || r.active === 1,
  };
}
