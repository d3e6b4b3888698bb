export { documentChunks, type DocumentSource } from './document-source.js';
export { formatCents, formatFee } from './money.js';
export { REFUND_COLUMNS, refundFile, refundRows } from './refund-file.js';
export { SETTLEMENT_COLUMNS, settlementFile, settlementHeader, settlementPayout, settlementRows, type GeneratedSettlementRow, type SettlementColumn, type SettlementFileSpec } from './settlement-file.js';
export { syntheticColumns, syntheticRows, syntheticTransactionFile, type SyntheticReportKind } from './synthetic-transaction-file.js';
export type { TransactionFileSpec } from './transaction-file-spec.js';
