import { resolve } from 'node:path';
import type { CommandContext } from './context.js';

/**
 * `reconcile --bank FILE`: every payout in the statement's period matched to its bank line;
 * unmatched payouts, wrong amounts and Amazon-looking bank lines that match nothing are listed.
 */
export async function bankMatchAction(ctx: CommandContext, opts: { bank: string; settlement?: string | undefined; windowDays?: number | undefined }): Promise<void> {
  const settings = ctx.settings();
  const { readBankStatement } = await import('../accounting/bank/read-bank-statement.js');
  const { matchPayouts, storePayouts } = await import('../accounting/bank/match-payouts.js');
  const lines = readBankStatement(resolve(ctx.io.cwd, opts.bank));
  const store = await ctx.openStore({ readOnly: true });
  let payouts;
  try {
    payouts = await storePayouts(store, opts.settlement);
  } finally {
    await store.close();
  }
  const report = matchPayouts(payouts, lines, {
    ...(opts.windowDays === undefined ? {} : { windowDays: opts.windowDays }),
    ...(opts.settlement === undefined ? {} : { settlementId: opts.settlement }),
  });
  if (!report.ok) ctx.setExitCode(1);
  if (settings.json) return ctx.output.json(report);
  const payout = (p: { settlementId: string; reference: string | null; amount: string; currency: string; date: string }): string =>
    `settlement ${p.settlementId}${p.reference ? ` (${p.reference})` : ''} ${p.amount} ${p.currency} on ${p.date}`;
  for (const m of report.matched) ctx.output.line(`matched    ${payout(m.payout)} = bank line ${m.line.line} on ${m.line.date} (by ${m.by})`);
  for (const m of report.wrongAmount) ctx.output.line(`ERROR  wrong amount  ${payout(m.payout)}: bank line ${m.line.line} on ${m.line.date} shows ${m.line.amount}`);
  for (const p of report.unmatchedPayouts) ctx.output.line(`ERROR  unmatched   ${payout(p)}: no bank line with its reference or amount`);
  for (const l of report.unmatchedBankLines) ctx.output.line(`warning  bank line ${l.line} on ${l.date} ${l.amount} mentions Amazon and matches no payout: ${l.text.slice(0, 80)}`);
  const problems = report.wrongAmount.length + report.unmatchedPayouts.length;
  const outside = report.outsideStatement > 0 ? ` (${report.outsideStatement} outside the statement's ${report.statement.from ?? '?'}..${report.statement.to ?? '?'}, not looked for)` : '';
  ctx.output.line(`${report.matched.length + problems} payout${report.matched.length + problems === 1 ? '' : 's'} checked against ${report.statement.lines} bank lines: ${problems === 0 ? 'every payout is in the bank' : `${problems} problem${problems === 1 ? '' : 's'} to look at`}${outside}.`);
}
