import type { SettlementRecord } from '../reports/parsed-record.js';

/**
 * Settlement records packed for the trip from the parse worker to the importing thread: every
 * text field of every record concatenated into one string, and per record its line and the
 * length of each field (-1 for null or absent) in an Int32Array that is transferred, not copied.
 * Structured clone of the record objects themselves cost more than parsing them again (their 19
 * property names travel with each one); one string and one typed array cost a memcpy, and the
 * receiving side slices its fields back out.
 */
export interface EncodedSettlementBatch {
  text: string;
  cells: Int32Array;
}

/** Per record: line, then these fields' lengths, then the length of `extra` as JSON. */
const FIELDS = [
  'postedAt', 'postedAtRaw', 'settlementId', 'amazonTransactionId', 'sellerReferenceId', 'transactionType',
  'amazonOrderReferenceId', 'sellerOrderId', 'storeName', 'currencyCode', 'description', 'amount', 'percentageFee',
  'fixedFee', 'totalFee', 'net',
] as const satisfies ReadonlyArray<keyof SettlementRecord>;
const CELLS_PER_RECORD = FIELDS.length + 2;

export function encodeSettlementBatch(records: readonly SettlementRecord[]): EncodedSettlementBatch {
  const cells = new Int32Array(records.length * CELLS_PER_RECORD);
  const parts: string[] = [];
  let k = 0;
  for (const r of records) {
    cells[k++] = r.line;
    for (const field of FIELDS) {
      const value = r[field];
      if (value === null) {
        cells[k++] = -1;
      } else {
        cells[k++] = value.length;
        parts.push(value);
      }
    }
    if (r.extra === undefined) {
      cells[k++] = -1;
    } else {
      const json = JSON.stringify(r.extra);
      cells[k++] = json.length;
      parts.push(json);
    }
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
