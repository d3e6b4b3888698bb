import { parse } from 'csv-parse/sync';
import { ConfigError } from '../../errors.js';
import type { BankLine } from './bank-line.js';
import { bankAmount, bankDate, numberStyle } from './bank-number.js';

const DATE_HEADERS = [/^buchungstag$/i, /^buchungsdatum$/i, /booking ?date/i, /^date$/i, /^datum$/i, /transaction ?date/i, /posted/i, /valuta|value ?date|wertstellung/i, /dat(e|um)/i];
const AMOUNT_HEADERS = [/^betrag/i, /^amount/i, /^umsatz/i, /betrag|amount|umsatz/i, /^(credit|haben|gutschrift)/i];
const TEXT_HEADERS = /verwendungszweck|buchungstext|reference|referenz|description|beschreibung|details|memo|narrative|payee|payer|name|auftraggeber|empf(ä|ae)nger|beg(ü|ue)nstigter|zahlungspflichtiger|kundenreferenz|mandatsreferenz|text/i;

/**
 * Reads a bank statement CSV of unknown layout: the delimiter (`;`, `,` or tab) and the header row
 * are found (banks put account details above it), the date, amount and text columns picked by
 * their names in German or English, numbers read in the file's own style (`1.234,56` or
 * `1,234.56`). A ConfigError says what could not be found.
 */
export function readBankCsv(text: string, file: string): BankLine[] {
  const delimiter = [';', '\t', ','].map((d) => ({ d, n: text.slice(0, 8192).split(d).length })).sort((a, b) => b.n - a.n)[0]?.d ?? ',';
  // With `info`, each record comes with the line it ended on (csv-parse's types do not say so).
  const records = parse(text, { delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true, bom: true, trim: true, info: true }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  const rows = records.map((r) => r.record);
  const headerAt = rows.findIndex((r) => find(r, DATE_HEADERS) >= 0 && find(r, AMOUNT_HEADERS) >= 0);
  if (headerAt < 0) throw new ConfigError(`${file}: no header row with a date and an amount column (Buchungstag/Date, Betrag/Amount): export the statement as CSV with headers`);
  const header = rows[headerAt] ?? [];
  const dateCol = find(header, DATE_HEADERS);
  const amountCol = find(header, AMOUNT_HEADERS);
  const debitCol = header.findIndex((h) => /^(debit|soll|lastschrift)/i.test(h));
  const currencyCol = header.findIndex((h) => /^(currency|w(ä|ae)hrung|ccy)$/i.test(h));
  const textCols = header.map((h, i) => (TEXT_HEADERS.test(h) && i !== dateCol && i !== amountCol ? i : -1)).filter((i) => i >= 0);
  const body = rows.slice(headerAt + 1);
  const style = numberStyle(body.flatMap((r) => [r[amountCol] ?? '', debitCol >= 0 ? (r[debitCol] ?? '') : '']));
  const slashDates = body.map((r) => /^(\d{1,2})\/(\d{1,2})\//.exec(r[dateCol] ?? '')).filter((m) => m !== null);
  // Slashed dates: month first only when the file says so (a second part above 12), else day first unless the numbers are English.
  const monthFirst = slashDates.some((m) => Number(m[2]) > 12) || (style === 'en' && !slashDates.some((m) => Number(m[1]) > 12));
  const lines: BankLine[] = [];
  body.forEach((r, i) => {
    const date = bankDate(r[dateCol] ?? '', monthFirst);
    const cell = r[amountCol] ?? '';
    let amount = cell === '' ? undefined : bankAmount(cell, style);
    // Separate Soll/Haben (debit/credit) columns: a row with an empty credit cell is a debit.
    if (amount === undefined && debitCol >= 0 && debitCol !== amountCol) {
      const debit = bankAmount(r[debitCol] ?? '', style);
      if (debit !== undefined) amount = debit.startsWith('-') ? debit : `-${debit}`;
    }
    if (date === undefined || amount === undefined) return; // a summary or blank line, not a booking
    lines.push({ line: records[headerAt + 1 + i]?.info.lines ?? 0, date, amount, currency: currencyCol >= 0 ? (r[currencyCol] ?? null) : null, text: textCols.map((c) => r[c] ?? '').filter(Boolean).join(' ') });
  });
  return lines;
}

function find(row: readonly string[], patterns: readonly RegExp[]): number {
  for (const p of patterns) {
    const i = row.findIndex((h) => p.test(h.trim()));
    if (i >= 0) return i;
  }
  return -1;
}
