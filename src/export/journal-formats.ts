import type { Journal } from '../accounting/journal.js';
import { spreadsheetSafeCell } from './spreadsheet-safe-csv-cell.js';
import { JOURNAL_LINE_COLUMNS, journalLines } from './journal-lines.js';

/** The neutral journal as CSV (RFC 4180, CRLF), one line per debit or credit. */
export async function* journalCsv(journals: AsyncIterable<Journal> | Iterable<Journal>): AsyncGenerator<string> {
  yield `${JOURNAL_LINE_COLUMNS.join(',')}\r\n`;
  for await (const journal of journals) {
    for (const line of journalLines(journal)) yield `${JOURNAL_LINE_COLUMNS.map((c) => spreadsheetSafeCell(line[c])).join(',')}\r\n`;
  }
}

/** The neutral journal as JSON: one object per journal with its flags and lines. */
export async function* journalJson(journals: AsyncIterable<Journal> | Iterable<Journal>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const j of journals) {
    const record = {
      settlementId: j.settlementId, reportId: j.reportId, date: j.date, month: j.month, part: j.part, parts: j.parts,
      currency: j.currency, flags: j.flags, unknownTypes: j.unknownTypes, lines: [...journalLines(j)],
    };
    yield `${first ? '\n' : ',\n'}${JSON.stringify(record)}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}
