import type { Command } from 'commander';
import { resolve } from 'node:path';
import type { RegisterCommand } from '../context.js';

interface MonthFlags {
  output?: string;
  pdf?: boolean;
}

/** `report month YYYY-MM`: one self-contained HTML file (and optionally a PDF) for the month's settlements. */
const register: RegisterCommand = (program, ctx) => {
  const report = program.command('report');
  report
    .command('month')
    .description('month-end report: totals per currency, settlements, fees, refunds, payouts and what needs attention, as one HTML file')
    .argument('<month>', 'the month, YYYY-MM (settlements whose period starts in it)')
    .option('--output <file>', 'HTML file to write (default: report-YYYY-MM.html)')
    .option('--pdf', 'also print it to PDF (same name, .pdf) with headless Chromium')
    .addHelpText('after', '\nExamples:\n  $ amazon-pay-reports report month 2026-10\n  $ amazon-pay-reports report month 2026-10 --output october.html --pdf\n')
    .action(async (month: string, _opts: unknown, cmd: Command) => {
      const flags = cmd.opts<MonthFlags>();
      const settings = ctx.settings();
      const [{ monthRange }, { monthReportData }, { monthReportHtml }, { writeFileAtomic }] = await Promise.all([
        import('../../report/month-range.js'), import('../../report/month-report-data.js'), import('../../report/month-report-html.js'),
        import('../../export/write-file-atomic.js'),
      ]);
      const range = monthRange(month); // a bad month is refused before the store is opened
      const store = await ctx.openStore({ readOnly: true });
      let html: string;
      let data;
      try {
        data = await monthReportData(store, range.month, ctx.io.now);
        html = monthReportHtml(data);
      } finally {
        await store.close();
      }
      const file = resolve(ctx.io.cwd, flags.output ?? `report-${range.month}.html`);
      await writeFileAtomic(file, [html]);
      let pdf: string | undefined;
      if (flags.pdf) {
        pdf = file.replace(/\.html?$/i, '') + '.pdf';
        await (await import('../../report/print-to-pdf.js')).printToPdf(file, pdf, ctx.io.env);
      }
      const summary = { month: range.month, output: file, ...(pdf ? { pdf } : {}), settlements: data.settlements.length, needsAttention: data.attention.length };
      if (settings.json) return ctx.output.json(summary);
      ctx.output.line(`Wrote ${file}${pdf ? ` and ${pdf}` : ''}: ${summary.settlements} settlements, ${summary.needsAttention} need attention.`);
    });
};
export default register;
