import { XMLParser } from 'fast-xml-parser';
import { ConfigError } from '../../errors.js';
import type { BankLine } from './bank-line.js';

type Node = Record<string, unknown>;
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const node = (v: unknown): Node => (typeof v === 'object' && v !== null ? (v as Node) : {});
const str = (v: unknown): string => (typeof v === 'string' || typeof v === 'number' ? String(v) : typeof v === 'object' && v !== null && '#text' in v ? String((v as Node)['#text']) : '');

/**
 * Reads the booked entries of a camt.053 statement (any version: elements are found by name,
 * namespaces ignored). Text is every reference and remittance line of the entry, so a payout's
 * reference is found wherever the bank put it.
 */
export function readCamt053(xml: string, file: string): BankLine[] {
  const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', removeNSPrefix: true, parseTagValue: false, trimValues: true });
  const doc = node(parser.parse(xml));
  const stmts = list(node(node(doc.Document).BkToCstmrStmt).Stmt);
  if (stmts.length === 0) throw new ConfigError(`${file}: not a camt.053 statement (no Document/BkToCstmrStmt/Stmt): pass the bank's camt.053 XML or a CSV`);
  const lines: BankLine[] = [];
  let n = 0;
  for (const stmt of stmts) {
    const currency = str(node(node(stmt).Acct).Ccy) || null;
    for (const raw of list(node(stmt).Ntry)) {
      n++;
      const e = node(raw);
      // Booked entries only: `<Sts>BOOK</Sts>` (up to .001.04) or `<Sts><Cd>BOOK</Cd></Sts>` (later).
      const status = str(e.Sts) || str(node(e.Sts).Cd);
      if (status !== '' && status !== 'BOOK') continue;
      const amt = node(e.Amt);
      const value = str(e.Amt);
      const date = (str(node(e.BookgDt).Dt) || str(node(e.BookgDt).DtTm) || str(node(e.ValDt).Dt)).slice(0, 10);
      if (!/^\d+(\.\d+)?$/.test(value) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) continue;
      lines.push({
        line: n, date, amount: str(e.CdtDbtInd) === 'DBIT' ? `-${value}` : value,
        currency: typeof amt['@Ccy'] === 'string' ? amt['@Ccy'] : currency,
        text: texts(e).join(' '),
      });
    }
  }
  return lines;
}

/** Every text leaf under the entry: references, remittance lines, party names, additional info. */
function texts(v: unknown): string[] {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(texts);
  if (typeof v === 'object' && v !== null) {
    return Object.entries(v).filter(([k]) => !['Amt', 'CdtDbtInd', 'Sts', 'BookgDt', 'ValDt', 'BkTxCd', '@Ccy'].includes(k)).flatMap(([, x]) => texts(x));
  }
  return [];
}
