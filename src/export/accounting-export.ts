import iconv from 'iconv-lite';
import { buildJournals } from '../accounting/build-journals.js';
import type { Journal, JournalOptions } from '../accounting/journal.js';
import type { Store } from '../store/store.js';
import { camt053 } from './camt053.js';
import { datevBatch } from './datev.js';
import { journalCsv, journalJson } from './journal-formats.js';
import { qboCsv } from './qbo.js';
import { textChunks } from './text-chunks.js';
import { xeroFiles } from './xero.js';

export type AccountingFormat = 'journal-csv' | 'journal-json' | 'datev' | 'xero' | 'qbo' | 'camt053';

/** One output file: its chunks (text is UTF-8; DATEV is windows-1252 bytes). */
export type ExportFile = Iterable<string | Uint8Array> | AsyncIterable<string | Uint8Array>;

export interface AccountingExportOptions extends JournalOptions {
  format: AccountingFormat;
  /** The file's creation time (DATEV header, camt.053 CreDtTm). */
  now: Date;
  /** Xero's TaxRate column: the name of a zero rate in the organisation's tax settings. */
  xeroTaxRate?: string;
}

/**
 * The files of an accounting export, plus the journals that needed a look (not paid out,
 * suspense, missing rows) once the files have been read. Formats that need every journal
 * before the first byte (DATEV's header date range, Xero's file split) read them all first.
 */
export async function accountingExport(store: Store, options: AccountingExportOptions): Promise<{ files: ExportFile[]; flagged: Journal[] }> {
  const flagged: Journal[] = [];
  async function* journals(): AsyncGenerator<Journal> {
    for await (const j of buildJournals(store, options)) {
      if (j.flags.length > 0 && j.part === 1) flagged.push(j);
      yield j;
    }
  }
  const all = async (): Promise<Journal[]> => {
    const list: Journal[] = [];
    for await (const j of journals()) list.push(j);
    return list;
  };
  switch (options.format) {
    case 'journal-csv':
      return { files: [textChunks(journalCsv(journals()))], flagged };
    case 'journal-json':
      return { files: [textChunks(journalJson(journals()))], flagged };
    case 'qbo':
      return { files: [textChunks(qboCsv(journals()))], flagged };
    case 'camt053':
      return { files: [textChunks(camt053(journals(), options.now))], flagged };
    case 'datev': {
      const text = datevBatch(await all(), options.accounts.datev, options.now);
      return { files: [[iconv.encode(text, 'windows-1252')]], flagged };
    }
    case 'xero': {
      const files = xeroFiles(await all(), { taxRate: options.xeroTaxRate ?? 'Tax Exempt' });
      return { files: files.map((text) => [text]), flagged };
    }
  }
}
