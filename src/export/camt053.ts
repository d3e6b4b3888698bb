import { clearingAmount, type Journal } from '../accounting/journal.js';
import { formatMinor } from '../reports/money.js';
import { xmlText } from './xml-text.js';

export const CAMT053_NAMESPACE = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.02';

/**
 * The clearing account as an ISO 20022 camt.053.001.02 statement, so a tool that reads bank
 * statements can read Amazon Pay too: one Stmt per settlement (its month parts together), one
 * Ntry per posting, elements in schema order. The opening balance is the closing balance of the
 * previous statement in the same currency (0 for the first): a settlement that paid out closes
 * at 0, one that did not carries its balance into the next.
 */
export async function* camt053(journals: AsyncIterable<Journal> | Iterable<Journal>, createdAt: Date): AsyncGenerator<string> {
  const created = createdAt.toISOString().replace(/\.\d{3}Z$/, 'Z');
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<Document xmlns="${CAMT053_NAMESPACE}">\n  <BkToCstmrStmt>\n`;
  yield `    <GrpHdr>\n      <MsgId>APR${created.replace(/\D/g, '')}</MsgId>\n      <CreDtTm>${created}</CreDtTm>\n    </GrpHdr>\n`;
  const balances = new Map<string, bigint>();
  let parts: Journal[] = [];
  const flush = (): string => {
    const [first] = parts;
    if (first === undefined) return '';
    const opening = balances.get(first.currency) ?? 0n;
    const closing = parts.reduce((sum, j) => sum + j.postings.reduce((s, p) => s + clearingAmount(p), 0n), opening);
    balances.set(first.currency, closing);
    const text = statement(parts, opening, closing, created);
    parts = [];
    return text;
  };
  for await (const journal of journals) {
    if (parts[0] !== undefined && parts[0].settlementId !== journal.settlementId) yield flush();
    parts.push(journal);
  }
  yield flush();
  yield '  </BkToCstmrStmt>\n</Document>\n';
}

function statement(parts: readonly Journal[], opening: bigint, closing: bigint, created: string): string {
  const first = parts[0] as Journal;
  const last = parts[parts.length - 1] as Journal;
  const c = first.currency;
  const firstDate = parts.flatMap((j) => j.postings.map((p) => p.date)).sort()[0] ?? first.date;
  const period = first.start !== null && first.end !== null
    ? `      <FrToDt>\n        <FrDtTm>${first.start.replace(/\.\d{3}Z$/, 'Z')}</FrDtTm>\n        <ToDtTm>${first.end.replace(/\.\d{3}Z$/, 'Z')}</ToDtTm>\n      </FrToDt>\n`
    : '';
  const entries = parts.flatMap((j) => j.postings.map((p) => {
    const amount = clearingAmount(p);
    return `      <Ntry>\n        <Amt Ccy="${c}">${formatMinor(amount < 0n ? -amount : amount, c)}</Amt>\n        <CdtDbtInd>${amount < 0n ? 'DBIT' : 'CRDT'}</CdtDbtInd>\n`
      + `        <Sts>BOOK</Sts>\n        <BookgDt>\n          <Dt>${p.date}</Dt>\n        </BookgDt>\n        <ValDt>\n          <Dt>${p.date}</Dt>\n        </ValDt>\n`
      + `        <AcctSvcrRef>${xmlText(j.settlementId, 35)}</AcctSvcrRef>\n`
      + `        <BkTxCd>\n          <Prtry>\n            <Cd>${p.category}</Cd>\n            <Issr>amazon-pay-reports</Issr>\n          </Prtry>\n        </BkTxCd>\n`
      + `        <NtryDtls>\n          <TxDtls>\n            <Refs>\n              <AcctSvcrRef>${xmlText(p.reference, 35)}</AcctSvcrRef>\n            </Refs>\n`
      + `            <RmtInf>\n              <Ustrd>${xmlText(`${p.account.code} ${p.text}`, 140)}</Ustrd>\n            </RmtInf>\n          </TxDtls>\n        </NtryDtls>\n      </Ntry>\n`;
  }));
  return `    <Stmt>\n      <Id>${xmlText(first.settlementId, 35)}</Id>\n      <CreDtTm>${created}</CreDtTm>\n${period}`
    + `      <Acct>\n        <Id>\n          <Othr>\n            <Id>${xmlText(first.clearing.code, 34)}</Id>\n          </Othr>\n        </Id>\n        <Ccy>${c}</Ccy>\n        <Nm>${xmlText(first.clearing.name, 70)}</Nm>\n      </Acct>\n`
    + balance('OPBD', opening, c, firstDate) + balance('CLBD', closing, c, last.date) + entries.join('') + '    </Stmt>\n';
}

function balance(code: 'OPBD' | 'CLBD', amount: bigint, currency: string, date: string): string {
  return `      <Bal>\n        <Tp>\n          <CdOrPrtry>\n            <Cd>${code}</Cd>\n          </CdOrPrtry>\n        </Tp>\n`
    + `        <Amt Ccy="${currency}">${formatMinor(amount < 0n ? -amount : amount, currency)}</Amt>\n        <CdtDbtInd>${amount < 0n ? 'DBIT' : 'CRDT'}</CdtDbtInd>\n`
    + `        <Dt>\n          <Dt>${date}</Dt>\n        </Dt>\n      </Bal>\n`;
}
