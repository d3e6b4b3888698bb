import type { DatevSettings } from '../accounting/accounts.js';
import type { Journal } from '../accounting/journal.js';
import { ConfigError } from '../errors.js';
import { formatMinor } from '../reports/money.js';

/**
 * The first 14 columns of the DATEV-Format Buchungsstapel (Formatversion 12), up to Buchungstext;
 * the other columns (tax keys, cost centres, …) would all be empty for these bookings. That DATEV
 * accepts a column line this short is not verified against a DATEV import (docs/accounting.md).
 */
const COLUMNS = [
  'Umsatz (ohne Soll/Haben-Kz)', 'Soll/Haben-Kennzeichen', 'WKZ Umsatz', 'Kurs', 'Basis-Umsatz', 'WKZ Basis-Umsatz', 'Konto',
  'Gegenkonto (ohne BU-Schlüssel)', 'BU-Schlüssel', 'Belegdatum', 'Belegfeld 1', 'Belegfeld 2', 'Skonto', 'Buchungstext',
];

/** A DATEV text field: quoted, quotes doubled, cut to `max` characters. */
function text(value: string, max: number): string {
  return `"${[...value].slice(0, max).join('').replaceAll('"', '""')}"`;
}

const compactDate = (isoDate: string): string => isoDate.replaceAll('-', '');

/**
 * The journals as one DATEV EXTF Buchungsstapel (format 700, category 21): the header line, the
 * column line, then one booking per posting against the clearing account (Konto = the posting's
 * account, Gegenkonto = clearing, S when Konto is debited). Text, not bytes: the caller encodes it
 * as windows-1252. One batch covers one fiscal year and one currency, as DATEV requires.
 */
export function datevBatch(journals: readonly Journal[], settings: DatevSettings, createdAt: Date): string {
  const postings = journals.flatMap((j) => j.postings.map((p) => ({ j, p })));
  const dates = postings.map(({ p }) => p.date).sort();
  const from = dates[0];
  const to = dates[dates.length - 1];
  if (from === undefined || to === undefined) throw new ConfigError('nothing to export: no settlement in the store matches --settlement/--since/--until');
  const currencies = [...new Set(journals.map((j) => j.currency))];
  if (currencies.length > 1) throw new ConfigError(`a DATEV batch has one currency, these settlements have ${currencies.join(', ')}: export each with --settlement or --since/--until`);
  const fiscalStart = fiscalYearStart(from, settings.fiscalYearStart);
  if (fiscalYearStart(to, settings.fiscalYearStart) !== fiscalStart) {
    throw new ConfigError(`a DATEV batch covers one fiscal year, these bookings run from ${from} to ${to}: export each year with --since/--until`);
  }
  const created = createdAt.toISOString().replace(/\D/g, '').slice(0, 17);
  const header = [
    '"EXTF"', '700', '21', '"Buchungsstapel"', '12', created, '', '"RE"', '""', '""',
    String(settings.consultantNumber), String(settings.clientNumber), compactDate(fiscalStart), String(settings.accountLength),
    compactDate(from), compactDate(to), text(`Amazon Pay ${compactDate(from)}-${compactDate(to)}`, 30), '""', '1', '0', '0', text(currencies[0] ?? 'EUR', 3),
    '', '""', '', '', text(settings.chart, 2), '', '', '""', '""',
  ];
  const lines = [header.join(';'), COLUMNS.join(';')];
  for (const { j, p } of postings) {
    const abs = p.amount < 0n ? -p.amount : p.amount;
    lines.push([
      formatMinor(abs, j.currency).replace('.', ','), p.amount > 0n ? '"S"' : '"H"', text(j.currency, 3), '', '', '',
      p.account.code, j.clearing.code, '', p.date.slice(8, 10) + p.date.slice(5, 7), text(j.settlementId, 36), '""', '', text(p.text, 60),
    ].join(';'));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** The first day (YYYY-MM-DD) of the fiscal year `date` falls in, for a year starting on MM-DD. */
export function fiscalYearStart(date: string, startMonthDay: string): string {
  const year = Number(date.slice(0, 4));
  return date.slice(5) >= startMonthDay ? `${year}-${startMonthDay}` : `${year - 1}-${startMonthDay}`;
}
