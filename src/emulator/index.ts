export { createEmulator } from './create-emulator.js';
export { parseFaults } from './faults.js';
export { generateMerchants, MAX_GENERATED_MERCHANTS, sellerIdFor, type GeneratedMerchant } from './generate-merchants.js';
export {
  documentChunks, formatCents, formatFee, REFUND_COLUMNS, refundFile, refundRows, SETTLEMENT_COLUMNS, settlementFile,
  settlementHeader, settlementPayout, settlementRows, syntheticColumns, syntheticRows, syntheticTransactionFile,
  type DocumentSource, type GeneratedSettlementRow, type SettlementColumn, type SettlementFileSpec, type SyntheticReportKind,
  type TransactionFileSpec,
} from './files/index.js';
export type { Emulator, EmulatorMerchant, EmulatorOptions, EmulatorReportView, FaultRates, RequestLogEntry, ScriptedFault } from './types.js';
export { REGIONS, type EmulatorRegion, type RegionProfile, type SettlementPricing } from './regions.js';
export { SettlementCalendar } from './settlement-calendar.js';
export { createLocalCertificates, type LocalCertificates } from './tls/local-certificates.js';
