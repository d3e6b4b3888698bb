import type { RegisterCommand } from '../context.js';

/** `download REPORT_ID`: one report's file, its document URL fetched just before the transfer, written atomically. */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('download')
    .argument('<reportId>', 'the reportId of a COMPLETED report')
    .addHelpText('after', '\nFiles go to <out>/<type>/<YYYY-MM-DD>_<reportId>.<ext>; the path is printed on stdout.\n\nExample:\n  $ amazon-pay-reports download 53077018722 --out ./reports\n')
    .action(async (reportId: string) => {
      const { downloadReport } = await import('../../download/download-report.js');
      const settings = ctx.settings();
      const client = ctx.createClient();
      const file = await downloadReport({ client, reportId, outDir: settings.out, ...(ctx.io.signal ? { signal: ctx.io.signal } : {}) });
      if (settings.json) return ctx.output.json({ reportId: file.reportId, path: file.path, bytes: file.bytes, sha256: file.sha256 });
      ctx.output.line(file.path);
      ctx.log.verbose(`${file.bytes} bytes, sha256 ${file.sha256}, ${file.attempts} attempt(s)`);
    });
};
export default register;
