import type { Journal } from '../accounting/journal.js';
import { spreadsheetSafeCell } from './spreadsheet-safe-csv-cell.js';
import { journalLines } from './journal-lines.js';

/**
 * QuickBooks Online's journal-entry import: rows sharing a Journal No. form one entry, dated
 * MM/DD/YYYY; Account is the account's name as the chart of accounts has it (QBO matches names,
 * with account numbers turned off); Name (customer/vendor) is left empty.
 */
export async function* qboCsv(journals: AsyncIterable<Journal> | Iterable<Journal>): AsyncGenerator<string> {
  yield 'Journal No.,Journal Date,Account,Debits,Credits,Description,Name\r\n';
  for await (const j of journals) {
    const number = `AP-${j.settlementId}${j.parts > 1 ? `-${j.part}` : ''}`;
    for (const l of journalLines(j)) {
      const date = `${l.date.slice(5, 7)}/${l.date.slice(8, 10)}/${l.date.slice(0, 4)}`;
      yield [number, date, l.accountName, l.debit, l.credit, l.text, ''].map(spreadsheetSafeCell).join(',') + '\r\n';
    }
  }
}
