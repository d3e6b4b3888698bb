import type { Journal } from '../accounting/journal.js';
import { formatMinor } from '../reports/money.js';

/** One line of the neutral journal: debit or credit (a decimal string, the other empty). */
export interface JournalLine {
  date: string;
  settlementId: string;
  account: string;
  accountName: string;
  debit: string;
  credit: string;
  currency: string;
  text: string;
  reference: string;
}

export const JOURNAL_LINE_COLUMNS: ReadonlyArray<keyof JournalLine> = ['date', 'settlementId', 'account', 'accountName', 'debit', 'credit', 'currency', 'text', 'reference'];

/** Each posting as two lines: its account, then the clearing account on the other side. */
export function* journalLines(journal: Journal): Generator<JournalLine> {
  const c = journal.currency;
  for (const p of journal.postings) {
    const abs = formatMinor(p.amount < 0n ? -p.amount : p.amount, c);
    const [debit, credit] = p.amount > 0n ? [abs, ''] : ['', abs];
    const line = (account: string, accountName: string, dr: string, cr: string): JournalLine => ({
      date: p.date, settlementId: journal.settlementId, account, accountName, debit: dr, credit: cr, currency: c, text: p.text, reference: p.reference,
    });
    yield line(p.account.code, p.account.name, debit, credit);
    yield line(journal.clearing.code, journal.clearing.name, credit, debit);
  }
}
