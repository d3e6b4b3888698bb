import type { Database, Statement } from 'better-sqlite3';
import type { ParsedRecord } from '../../reports/parsed-record.js';

/**
 * Rows per multi-row INSERT. Measured (bench/import.bench.js and an A/B of the insert loop alone):
 * 64 is as fast as 128 or 256, and each statement binds 64 × 18 = 1152 parameters, far below
 * SQLite's limit of 32766.
 */
export const ROWS_PER_INSERT = 64;
/** settlement_rows columns bound per row: all but report_id, which is bound once per statement as `@report`. */
const COLUMNS_PER_ROW = 18;

/** The statements an import's inserts use, prepared once per connection. */
export interface RowInsertStatements {
  settlementRows: Statement;
  settlementRow: Statement;
  transactionRow: Statement;
}

export function prepareRowInserts(db: Database): RowInsertStatements {
  return {
    settlementRows: db.prepare(settlementInsert(ROWS_PER_INSERT)),
    settlementRow: db.prepare(settlementInsert(1)),
    transactionRow: db.prepare('INSERT INTO transaction_rows (report_id, line, report_kind, record) VALUES (?, ?, ?, ?)'),
  };
}

/**
 * Writes one report's records inside the import's transaction. Settlement rows fill one reused
 * parameter array and go in ROWS_PER_INSERT at a time however the parser cut its batches (a
 * partial statement carries over to the next batch), so the only single-row statements are the
 * last few rows of the report, in `flush`. The report id is bound once per statement, not per
 * row. Nothing is kept per row but the parameters themselves.
 */
export class SettlementRowInserter {
  private readonly params: unknown[] = new Array<unknown>(ROWS_PER_INSERT * COLUMNS_PER_ROW).fill(null);
  private readonly named: { report: string };
  private pending = 0;

  constructor(private readonly s: RowInsertStatements, private readonly reportId: string) {
    this.named = { report: reportId };
  }

  add(batch: readonly ParsedRecord[]): void {
    const p = this.params;
    let k = this.pending * COLUMNS_PER_ROW;
    for (const r of batch) {
      if (r.kind !== 'settlement') {
        this.s.transactionRow.run(this.reportId, r.line, r.kind, JSON.stringify(r));
        continue;
      }
      p[k] = r.line;
      p[k + 1] = r.settlementId;
      p[k + 2] = r.postedAt;
      p[k + 3] = r.postedAtRaw;
      p[k + 4] = r.amazonTransactionId;
      p[k + 5] = r.sellerReferenceId;
      p[k + 6] = r.transactionType;
      p[k + 7] = r.amazonOrderReferenceId;
      p[k + 8] = r.sellerOrderId;
      p[k + 9] = r.storeName;
      p[k + 10] = r.currencyCode;
      p[k + 11] = r.description;
      p[k + 12] = r.amount;
      p[k + 13] = r.percentageFee;
      p[k + 14] = r.fixedFee;
      p[k + 15] = r.totalFee;
      p[k + 16] = r.net;
      p[k + 17] = r.extra ? JSON.stringify(r.extra) : null;
      k += COLUMNS_PER_ROW;
      if (++this.pending === ROWS_PER_INSERT) {
        this.s.settlementRows.run(p, this.named);
        this.pending = 0;
        k = 0;
      }
    }
  }

  /** Inserts the rows still waiting for a full statement; call once all records are added. */
  flush(): void {
    for (let i = 0; i < this.pending; i++) {
      this.s.settlementRow.run(this.params.slice(i * COLUMNS_PER_ROW, (i + 1) * COLUMNS_PER_ROW), this.named);
    }
    this.pending = 0;
  }
}

function settlementInsert(rows: number): string {
  const tuple = `(@report, ${new Array<string>(COLUMNS_PER_ROW).fill('?').join(', ')})`;
  return `INSERT INTO settlement_rows (report_id, line, settlement_id, posted_at, posted_at_raw,
    amazon_transaction_id, seller_reference_id, transaction_type, amazon_order_reference_id, seller_order_id, store_name,
    currency_code, description, amount, percentage_fee, fixed_fee, total_fee, net, extra)
    VALUES ${new Array<string>(rows).fill(tuple).join(', ')}`;
}
