import { existsSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { InvalidArgumentError } from 'commander';
import { formatIso } from '../dates.js';
import { ConfigError } from '../errors.js';
import type { CommandContext } from './context.js';

/** What `export journal|datev|xero|qbo|camt053` is given. */
export interface AccountingCliOptions {
  format: string;
  since?: Date;
  until?: Date;
  output?: string;
  settlement?: string;
  detail?: boolean;
  tz?: string;
  accounts?: string;
  xeroTaxRate?: string;
}

export const ACCOUNTING_TARGETS = ['journal', 'datev', 'xero', 'qbo', 'camt053'] as const;
export type AccountingTarget = (typeof ACCOUNTING_TARGETS)[number];

/**
 * Runs an accounting export: journals from the store through the accounts mapping into one
 * format, written atomically (0600) or to stdout, then one warning per settlement that needs a
 * look (not paid out, suspense, missing rows): listed, never hidden.
 */
export async function accountingExportAction(ctx: CommandContext, target: AccountingTarget, opts: AccountingCliOptions): Promise<void> {
  if (target === 'journal' && opts.format !== 'csv' && opts.format !== 'json') throw new InvalidArgumentError('export journal takes --format csv or json.');
  if (target === 'datev' && !opts.output) throw new InvalidArgumentError('export datev writes a windows-1252 file: pass --output FILE.');
  const { accountsPreset, loadAccounts } = await import('../accounting/accounts.js');
  const accountsPath = opts.accounts ?? (existsSync(join(ctx.io.cwd, 'accounts.json')) ? join(ctx.io.cwd, 'accounts.json') : undefined);
  if (target === 'datev' && accountsPath === undefined) {
    throw new ConfigError('DATEV needs your Beraternummer and Mandantennummer: run `amazon-pay-reports accounts init --preset skr03`, edit accounts.json, or pass --accounts');
  }
  const accounts = accountsPath === undefined ? accountsPreset('generic') : loadAccounts(resolve(ctx.io.cwd, accountsPath));
  if (accountsPath === undefined) ctx.log.verbose('no accounts.json here: using the generic chart (write one with `accounts init`)');
  const { accountingExport } = await import('../export/accounting-export.js');
  const store = await ctx.openStore({ readOnly: true });
  try {
    const format = target === 'journal' ? (opts.format === 'json' ? 'journal-json' : 'journal-csv') : target;
    const { files, flagged } = await accountingExport(store, {
      format, accounts, now: ctx.io.now(), detail: opts.detail ?? false,
      ...(opts.tz === undefined ? {} : { timeZone: opts.tz }),
      ...(opts.settlement === undefined ? {} : { settlementId: opts.settlement }),
      ...(opts.since === undefined ? {} : { since: formatIso(opts.since) }),
      ...(opts.until === undefined ? {} : { until: formatIso(opts.until) }),
      ...(opts.xeroTaxRate === undefined ? {} : { xeroTaxRate: opts.xeroTaxRate }),
    });
    if (opts.output) {
      const { writeFileAtomic } = await import('../export/write-file-atomic.js');
      for (const [i, file] of files.entries()) {
        const path = i === 0 ? opts.output : numbered(opts.output, i + 1);
        ctx.log.info(`wrote ${await writeFileAtomic(path, file)} bytes to ${path}`);
      }
    } else {
      if (files.length > 1) throw new InvalidArgumentError(`the Xero export needs ${files.length} files of at most 1,000 lines: pass --output FILE.`);
      const { writeWithBackpressure } = await import('../export/write-with-backpressure.js');
      for (const file of files) for await (const chunk of file) await writeWithBackpressure(ctx.io.stdout, String(chunk));
    }
    for (const j of flagged) {
      const why = j.flags.map((f) => (f === 'suspense' ? `suspense (${j.unknownTypes.map((u) => `${u.transactionType} ×${u.rows}`).join(', ')})` : f)).join(', ');
      ctx.log.warn(`settlement ${j.settlementId}: ${why}`);
    }
    if (opts.settlement !== undefined && flagged.length === 0 && (await store.listSettlements({ activeOnly: true, settlementId: opts.settlement })).length === 0) {
      ctx.setExitCode(1);
      ctx.log.warn(`settlement ${opts.settlement} is not in the store`);
    }
  } finally {
    await store.close();
  }
}

/** `out.csv` → `out-2.csv`: the Xero export's further files. */
function numbered(path: string, n: number): string {
  const ext = extname(path);
  return join(dirname(path), `${basename(path, ext)}-${n}${ext}`);
}
