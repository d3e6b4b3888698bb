import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { ConfigError } from '../../errors.js';
import type { BankLine } from './bank-line.js';
import { readBankCsv } from './read-bank-csv.js';
import { readCamt053 } from './read-camt053.js';

/**
 * Reads a bank statement file: camt.053 XML when it starts with `<`, else CSV. Text is UTF-8, or
 * windows-1252 when it is not valid UTF-8 (what German banks' CSV downloads usually are).
 */
export function readBankStatement(path: string): BankLine[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch {
    throw new ConfigError(`cannot read the bank statement ${path}: check the path passed to --bank`);
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = iconv.decode(bytes, 'windows-1252');
  }
  text = text.replace(/^\uFEFF/, '');
  return text.trimStart().startsWith('<') ? readCamt053(text, path) : readBankCsv(text, path);
}
