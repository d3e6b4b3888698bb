import { refundFile } from './refund-file.js';
import { settlementFile, type SettlementFileSpec } from './settlement-file.js';
import { syntheticTransactionFile, type SyntheticReportKind } from './synthetic-transaction-file.js';
import type { TransactionFileSpec } from './transaction-file-spec.js';

/** What a report document's bytes are generated from; small, so the emulator keeps these, never the bytes. */
export type DocumentSource =
  | { kind: 'settlement'; spec: SettlementFileSpec }
  | { kind: 'refund'; spec: TransactionFileSpec }
  | { kind: SyntheticReportKind; spec: TransactionFileSpec };

/** The document's text in chunks, generated as read. */
export function documentChunks(source: DocumentSource): Generator<string> {
  if (source.kind === 'settlement') return settlementFile(source.spec);
  if (source.kind === 'refund') return refundFile(source.spec);
  return syntheticTransactionFile(source.kind, source.spec);
}
