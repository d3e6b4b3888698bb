import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bankAmount, bankDate } from '../../src/accounting/bank/bank-number.js';
import { readBankCsv } from '../../src/accounting/bank/read-bank-csv.js';
import { readCamt053 } from '../../src/accounting/bank/read-camt053.js';
import type { BankMatchReport } from '../../src/accounting/bank/match-payouts.js';
import { json, runCli } from '../cli/run-cli.js';
import { BOOKS, createBooks, disbursementRef, payoutOf, type Books } from './books.fixture.js';

// Payouts of the fixed history: USD 177.99 (disbursed 2026-11-03), EUR 87.49 (11-09), JPY 24960 (11-16).
const [USD, EUR, JPY] = BOOKS.map((s) => ({ id: s.settlementId, amount: payoutOf(s), ref: disbursementRef(s.settlementId) })) as [
  { id: string; amount: string; ref: string }, { id: string; amount: string; ref: string }, { id: string; amount: string; ref: string },
];

let b: Books;
beforeAll(async () => { b = await createBooks(); });
afterAll(() => b.close());

function file(name: string, content: string | Buffer): string {
  const path = join(b.dir, name);
  writeFileSync(path, content);
  return path;
}

const reconcileBank = (path: string, ...extra: string[]) => runCli(['reconcile', '--bank', path, '--db', b.store.location, ...extra]);

/** An English online-banking CSV: the EUR payout has no reference, so it is found by amount and date. */
function englishCsv(rows: { usd?: string | false; eurDate?: string; jpy?: boolean } = {}): string {
  const lines = ['Date,Description,Reference,Amount,Currency,Balance'];
  if (rows.usd !== false) lines.push(`11/04/2026,AMAZON PAYMENTS INC,${USD.ref},"${rows.usd ?? USD.amount}",USD,"1,977.99"`);
  lines.push(
    '11/05/2026,Coffee Roasters Ltd,CARD 4411,-12.40,USD,"1,965.59"',
    `${rows.eurDate ?? '11/10/2026'},SEPA CREDIT,,${EUR.amount},EUR,987.49`,
  );
  if (rows.jpy !== false) lines.push(`11/17/2026,AMAZON JAPAN GK,SETTLEMENT ${JPY.id},"24,960",JPY,"124,960"`);
  lines.push('11/20/2026,Rent,STO 0001,-900.00,USD,"1,065.59"');
  return `${lines.join('\r\n')}\r\n`;
}

describe('reconcile --bank', () => {
  it('matches every payout: by reference, by settlement id in the text, and by amount within the date window', async () => {
    const r = await reconcileBank(file('all.csv', englishCsv()), '--json');
    expect(r.code).toBe(0);
    const report = json<BankMatchReport>(r);
    expect(report.ok).toBe(true);
    expect(report.matched.map((m) => [m.payout.settlementId, m.by, m.line.line])).toEqual([
      [USD.id, 'reference', 2], [JPY.id, 'reference', 5], [EUR.id, 'amount-and-date', 4],
    ]);
    expect(report.unmatchedPayouts).toEqual([]);
    const text = await reconcileBank(join(b.dir, 'all.csv'));
    expect(text.stdout).toContain(`matched    settlement ${USD.id} (${USD.ref}) ${USD.amount} USD on 2026-11-03 = bank line 2 on 2026-11-04 (by reference)`);
    expect(text.stdout).toMatch(/3 payouts checked against 5 bank lines: every payout is in the bank\.\n$/);
  });

  it('one payout missing from the bank: exit 1, and the settlement is named', async () => {
    const r = await reconcileBank(file('missing.csv', englishCsv({ usd: false })));
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`ERROR  unmatched   settlement ${USD.id} (${USD.ref}) 177.99 USD on 2026-11-03: no bank line with its reference or amount`);
    expect(r.stdout).toContain('1 problem to look at');
  });

  it('a bank line with the payout\'s reference but another amount is a wrong amount (exit 1)', async () => {
    const r = await reconcileBank(file('wrong.csv', englishCsv({ usd: '177.90' })), '--json');
    expect(r.code).toBe(1);
    const report = json<BankMatchReport>(r);
    expect(report.wrongAmount.map((m) => [m.payout.settlementId, m.line.amount])).toEqual([[USD.id, '177.90']]);
    expect(report.matched.map((m) => m.payout.settlementId)).not.toContain(USD.id);
  });

  it('a payout booked a few days late is still found by amount; one outside the window is not', async () => {
    const late = json<BankMatchReport>(await reconcileBank(file('late.csv', englishCsv({ eurDate: '11/13/2026' })), '--json'));
    expect(late.matched.find((m) => m.payout.settlementId === EUR.id)?.line.date).toBe('2026-11-13');
    const far = await reconcileBank(file('far.csv', englishCsv({ eurDate: '11/20/2026' })), '--json');
    expect(far.code).toBe(1);
    expect(json<BankMatchReport>(far).unmatchedPayouts.map((p) => p.settlementId)).toEqual([EUR.id]);
    const wide = await reconcileBank(join(b.dir, 'far.csv'), '--json', '--date-window', '12');
    expect(wide.code).toBe(0);
  });

  it('a German bank CSV (windows-1252, ";", preamble, 1.234,56, DD.MM.YYYY) for the EUR account; other currencies are not looked for', async () => {
    const csv = [
      '"Kontonummer:";"DE89 3704 0044 0532 0130 00"', '"Zeitraum:";"01.11.2026 - 30.11.2026"', '',
      '"Buchungstag";"Valuta";"Auftraggeber/Empfänger";"Verwendungszweck";"Betrag";"Währung"',
      `"09.11.2026";"10.11.2026";"AMAZON PAYMENTS EUROPE S.C.A.";"Auszahlung ${EUR.ref} Abrechnung ${EUR.id}";"87,49";"EUR"`,
      '"12.11.2026";"12.11.2026";"Bäckerei Müller";"Kartenzahlung";"-1.234,56";"EUR"',
      '"14.11.2026";"14.11.2026";"AMAZON EU S.A R.L.";"Rückbelastung Bestellung 303-1234567";"-12,00";"EUR"',
    ].join('\r\n');
    const r = await reconcileBank(file('kontoauszug.csv', iconv.encode(csv, 'windows-1252')), '--json');
    expect(r.code).toBe(0);
    const report = json<BankMatchReport>(r);
    expect(report.matched.map((m) => [m.payout.settlementId, m.by, m.line.date, m.line.amount])).toEqual([[EUR.id, 'reference', '2026-11-09', '87.49']]);
    expect(report.outsideStatement).toBe(2);
    expect(report.unmatchedBankLines.map((l) => [l.line, l.amount, l.text])).toEqual([[7, '-12.00', 'AMAZON EU S.A R.L. Rückbelastung Bestellung 303-1234567']]);
    const text = await reconcileBank(join(b.dir, 'kontoauszug.csv'));
    expect(text.stdout).toContain('warning  bank line 7 on 2026-11-14 -12.00 mentions Amazon and matches no payout');
  });

  it('a camt.053 bank statement: the reference in the remittance text, booked entries only', async () => {
    const entry = (amount: string, date: string, text: string, status = 'BOOK') => `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>${status}</Sts><BookgDt><Dt>${date}</Dt></BookgDt><ValDt><Dt>${date}</Dt></ValDt><BkTxCd/><NtryDtls><TxDtls><RmtInf><Ustrd>${text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`;
    const xml = `<?xml version="1.0" encoding="UTF-8"?><Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><GrpHdr><MsgId>1</MsgId><CreDtTm>2026-11-30T06:00:00</CreDtTm></GrpHdr><Stmt><Id>S1</Id><Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>`
      + entry('87.49', '2026-11-10', 'AMAZON PAYMENTS EUROPE PENDING', 'PDNG') + entry('87.49', '2026-11-11', `AMAZON PAYMENTS EUROPE ${EUR.ref}`) + '</Stmt></BkToCstmrStmt></Document>';
    const r = await reconcileBank(file('stmt.xml', xml), '--json');
    expect(r.code).toBe(0);
    const report = json<BankMatchReport>(r);
    expect(report.statement.lines).toBe(1);
    expect(report.matched.map((m) => [m.payout.settlementId, m.by, m.line.date])).toEqual([[EUR.id, 'reference', '2026-11-11']]);
  });

  it('a file that is no statement is a usage error naming what is missing', async () => {
    const r = await reconcileBank(file('junk.csv', 'hello,world\r\n1,2\r\n'));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/junk\.csv: no header row with a date and an amount column/);
  });
});

describe('reading statements', () => {
  it('separate Soll/Haben columns give one signed amount', () => {
    const lines = readBankCsv('Buchungsdatum;Text;Soll;Haben\n01.12.2026;Miete;900,00;\n02.12.2026;AMAZON PAYMENTS;;1.087,49\n', 'x.csv');
    expect(lines.map((l) => [l.line, l.date, l.amount, l.text])).toEqual([[2, '2026-12-01', '-900.00', 'Miete'], [3, '2026-12-02', '1087.49', 'AMAZON PAYMENTS']]);
  });

  it('camt.053 of a later version: the status as <Sts><Cd>, pending entries left out, debits negative', () => {
    const entry = (status: string, cd: string, amount: string) => `<Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${cd}</CdtDbtInd><Sts><Cd>${status}</Cd></Sts><BookgDt><DtTm>2026-12-02T10:00:00</DtTm></BookgDt><AddtlNtryInf>AMAZON</AddtlNtryInf></Ntry>`;
    const xml = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt><Stmt><Acct><Ccy>EUR</Ccy></Acct>${entry('PDNG', 'CRDT', '5.00')}${entry('BOOK', 'DBIT', '12.00')}</Stmt></BkToCstmrStmt></Document>`;
    expect(readCamt053(xml, 'x.xml')).toEqual([{ line: 2, date: '2026-12-02', amount: '-12.00', currency: 'EUR', text: 'AMAZON' }]);
  });
});

describe('bank numbers and dates', () => {
  it('reads German and English amounts exactly, and never guesses a number that is neither', () => {
    expect(bankAmount('1.234,56', 'de')).toBe('1234.56');
    expect(bankAmount('-1.234,56 EUR', 'de')).toBe('-1234.56');
    expect(bankAmount('12,00-', 'de')).toBe('-12.00');
    expect(bankAmount('87,49 H', 'de')).toBe('87.49');
    expect(bankAmount('87,49 S', 'de')).toBe('-87.49');
    expect(bankAmount('1,234.56', 'en')).toBe('1234.56');
    expect(bankAmount('$-0.30', 'en')).toBe('-0.30');
    expect(bankAmount('24,960', 'en')).toBe('24960');
    expect(bankAmount('1,23,4', 'en')).toBeUndefined();
    expect(bankAmount('abc', 'de')).toBeUndefined();
  });

  it('reads the date forms banks write', () => {
    expect(bankDate('09.11.2026', false)).toBe('2026-11-09');
    expect(bankDate('09.11.26', false)).toBe('2026-11-09');
    expect(bankDate('2026-11-09T10:00:00', false)).toBe('2026-11-09');
    expect(bankDate('11/09/2026', true)).toBe('2026-11-09');
    expect(bankDate('09/11/2026', false)).toBe('2026-11-09');
    expect(bankDate('31.02.2026', false)).toBeUndefined();
  });
});
