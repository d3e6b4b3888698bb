import type { RegisterCommand } from '../context.js';

/** `documents get`: Get Report Document. Its whole point is the pre-signed URL, so it goes to stdout — and nowhere else. */
const register: RegisterCommand = (program, ctx) => {
  const documents = program.command('documents');

  documents
    .command('get')
    .description('print the pre-signed download URL of a report document (valid about 30 seconds)')
    .argument('<reportDocumentId>', 'the reportDocumentId of a COMPLETED report')
    .addHelpText('after', '\nExample:\n  $ curl -o report.csv "$(amazon-pay-reports documents get DOCUMENT_ID)"\n\nTo save a report file, `amazon-pay-reports download REPORT_ID` fetches the URL just in time.\n')
    .action(async (reportDocumentId: string) => {
      const doc = await ctx.createClient().reportDocuments.get(reportDocumentId);
      if (ctx.settings().json) return ctx.output.json(doc);
      ctx.output.line(doc.url);
      ctx.log.info('The URL is valid for about 30 seconds.');
    });
};
export default register;
