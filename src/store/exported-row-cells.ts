import type { ExportedRow } from './stored-report.js';

/** The columns of an exported settlement row, in the order `settlementRowCells` and `settlementRowTexts` give them. */
export const EXPORTED_ROW_COLUMNS = [
  'settlementId', 'reportId', 'line', 'postedAt', 'postedAtRaw', 'transactionType', 'amazonTransactionId', 'sellerReferenceId',
  'amazonOrderReferenceId', 'sellerOrderId', 'storeName', 'currencyCode', 'description', 'amount', 'percentageFee', 'fixedFee', 'totalFee', 'net',
] as const satisfies ReadonlyArray<keyof ExportedRow>;

// Every field of ExportedRow is a column: a field added to the row without a column here does not compile.
const everyField: Record<Exclude<keyof ExportedRow, (typeof EXPORTED_ROW_COLUMNS)[number]>, never> = {};
void everyField;

type CellsOf<T extends ReadonlyArray<keyof ExportedRow>> = { -readonly [I in keyof T]: T[I] extends keyof ExportedRow ? ExportedRow[T[I]] : never };

/** One exported settlement row as its cells, in EXPORTED_ROW_COLUMNS order. */
export type ExportedRowCells = CellsOf<typeof EXPORTED_ROW_COLUMNS>;

/** Between the cells of a row text (`settlementRowTexts`): U+001F UNIT SEPARATOR, which report text does not use. */
export const ROW_TEXT_SEPARATOR = '\u001f';

const ONE_PART_PER_COLUMN = new RegExp(`^(?:[^${ROW_TEXT_SEPARATOR}]*${ROW_TEXT_SEPARATOR}){${EXPORTED_ROW_COLUMNS.length - 1}}[^${ROW_TEXT_SEPARATOR}]*$`);

/** Whether a row text splits into exactly one part per column: false when a cell holds the separator itself. */
export function splitsIntoColumns(text: string): boolean {
  return ONE_PART_PER_COLUMN.test(text);
}

/** The table columns of settlement_rows behind EXPORTED_ROW_COLUMNS (the same in both engines' schemas). */
export const EXPORTED_ROW_SQL_COLUMNS: readonly string[] = EXPORTED_ROW_COLUMNS.map((c) => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`));
