import type { Journal } from '../accounting/journal.js';
import { ConfigError } from '../errors.js';
import { spreadsheetSafeCell } from './spreadsheet-safe-csv-cell.js';
import { journalLines } from './journal-lines.js';

/** Xero imports at most this many lines per manual-journal file (the issue's figure; see docs/accounting.md). */
export const XERO_MAX_LINES = 1000;

const HEADER = '*Narration,*Date,Description,*AccountCode,*TaxRate,*Amount,TrackingName1,TrackingOption1,TrackingName2,TrackingOption2\r\n';

/**
 * Xero's manual-journal import: one journal per Narration + Date, Amount positive for a debit and
 * negative for a credit, dates dd/mm/yyyy. Whole journals are packed into files of at most
 * `maxLines` lines, so every file balances; a single journal longer than that is refused.
 */
export function xeroFiles(journals: readonly Journal[], options: { taxRate: string; maxLines?: number }): string[] {
  const max = options.maxLines ?? XERO_MAX_LINES;
  const files: string[][] = [];
  let current: string[] = [];
  for (const j of journals) {
    const narration = `Amazon Pay settlement ${j.settlementId}${j.parts > 1 ? ` (${j.part}/${j.parts})` : ''}`;
    const rows = [...journalLines(j)].map((l) => {
      const signed = l.debit !== '' ? l.debit : `-${l.credit}`;
      return [narration, `${l.date.slice(8, 10)}/${l.date.slice(5, 7)}/${l.date.slice(0, 4)}`, l.text, l.account, options.taxRate, signed, '', '', '', '']
        .map(spreadsheetSafeCell).join(',') + '\r\n';
    });
    if (rows.length > max) throw new ConfigError(`settlement ${j.settlementId} has ${rows.length} journal lines, more than Xero's ${max} per file: export it without --detail`);
    if (current.length + rows.length > max) {
      files.push(current);
      current = [];
    }
    current.push(...rows);
  }
  if (current.length > 0 || files.length === 0) files.push(current);
  return files.map((rows) => HEADER + rows.join(''));
}
