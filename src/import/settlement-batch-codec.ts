import type { SettlementRecord } from '../reports/parsed-record.js';

/**
 * Settlement records packed for the trip from the parse worker to the importing thread: every
 * text field of every record concatenated into one string, and per record its line and the
 * length of each field (-1 for null or absent) in an Int32Array that is transferred, not copied.
 * Structured clone of the record objects themselves cost as much as parsing them again (their 19
 * property names travel with each one); one string and one typed array cost a memcpy, and the
 * receiving side slices its fields back out (~0.3 µs a row).
 */
export interface EncodedSettlementBatch {
  text: string;
  cells: Int32Array;
}

/** Per record: its line, the lengths of its 16 text fields in decode order, and the length of `extra` as JSON. */
const CELLS_PER_RECORD = 18;

export function encodeSettlementBatch(records: readonly SettlementRecord[]): EncodedSettlementBatch {
  const cells = new Int32Array(records.length * CELLS_PER_RECORD);
  const parts: string[] = [];
  let k = 0;
  const put = (value: string | null): void => {
    if (value === null) {
      cells[k++] = -1;
    } else {
      cells[k++] = value.length;
      parts.push(value);
    }
  };
  // Field by field, by name: a loop over a list of names made every read a keyed lookup.
  for (const r of records) {
    cells[k++] = r.line;
    put(r.postedAt);
    put(r.postedAtRaw);
    put(r.settlementId);
    put(r.amazonTransactionId);
    put(r.sellerReferenceId);
    put(r.transactionType);
    put(r.amazonOrderReferenceId);
    put(r.sellerOrderId);
    put(r.storeName);
    put(r.currencyCode);
    put(r.description);
    put(r.amount);
    put(r.percentageFee);
    put(r.fixedFee);
    put(r.totalFee);
    put(r.net);
    put(r.extra === undefined ? null : JSON.stringify(r.extra));
  }
  return { text: parts.join(''), cells };
}

export function decodeSettlementBatch({ text, cells }: EncodedSettlementBatch): SettlementRecord[] {
  const records: SettlementRecord[] = [];
  let at = 0;
  let k = 0;
  const nullable = (): string | null => {
    const length = cells[k++] as number;
    if (length < 0) return null;
    const value = text.slice(at, at + length);
    at += length;
    return value;
  };
  // Fields the parser never leaves null; a batch is ours, so -1 cannot appear here.
  const required = (): string => nullable() as string;
  while (k < cells.length) {
    const record: SettlementRecord = {
      kind: 'settlement',
      line: cells[k++] as number,
      postedAt: required(),
      postedAtRaw: required(),
      settlementId: required(),
      amazonTransactionId: nullable(),
      sellerReferenceId: nullable(),
      transactionType: required(),
      amazonOrderReferenceId: nullable(),
      sellerOrderId: nullable(),
      storeName: nullable(),
      currencyCode: required(),
      description: nullable(),
      amount: required(),
      percentageFee: required(),
      fixedFee: required(),
      totalFee: required(),
      net: required(),
    };
    const extra = nullable();
    if (extra !== null) record.extra = JSON.parse(extra) as Record<string, string | null>;
    records.push(record);
  }
  return records;
}
