import type { ParseSummary } from '../reports/parsed-record.js';

/**
 * The first record of `parse --json` / `--ndjson` for a settlement file: what its preamble says,
 * which the human output prints as its summary line. The file has no SettlementId line (the id is
 * on every row, so it is taken from the rows: null for a file without any) and no deposit date
 * (the payout's date is the disbursement's, which `settlements` shows from the store).
 */
export interface PreambleRecord {
  kind: 'preamble';
  reportKind: 'settlement' | 'sandbox-settlement';
  sellerId: string | null;
  settlementId: string | null;
  /** The settlement period, ISO 8601 UTC, and as written in the file (with its offset). */
  start: string | null;
  startRaw: string | null;
  end: string | null;
  endRaw: string | null;
  /** Banner lines such as `Amazon Payments Advanced`, `Settlement Report`. */
  banner: string[];
}

/** The preamble record for what has been parsed so far; undefined for a file without a preamble. */
export function preambleRecord(summary: ParseSummary): PreambleRecord | undefined {
  const p = summary.preamble;
  if (!p) return undefined;
  return {
    kind: 'preamble',
    reportKind: summary.kind === 'sandbox-settlement' ? 'sandbox-settlement' : 'settlement',
    sellerId: p.sellerId,
    settlementId: summary.settlementIds[0] ?? null,
    start: p.start?.iso ?? null,
    startRaw: p.start?.raw ?? null,
    end: p.end?.iso ?? null,
    endRaw: p.end?.raw ?? null,
    banner: p.banner,
  };
}
