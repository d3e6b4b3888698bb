import type { RegisterCommand } from '../context.js';

/** `doctor`: every check a sync depends on, one line each, with the fix; exit 1 when any fails. */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('doctor')
    .addHelpText('after', `
Checks: the private key is readable and a private key; the Public Key ID's form; one signed
getReports call (endpoint reachable, signature accepted); the clock against the server's Date;
the store's integrity, schema and owner; free space under --out. Exit status 1 when any fails.

Examples:
  $ amazon-pay-reports doctor
  $ amazon-pay-reports doctor --json
`)
    .action(async () => {
      const { runDoctorChecks } = await import('../doctor-checks.js');
      const checks = await runDoctorChecks(ctx);
      const ok = checks.every((c) => c.ok);
      if (!ok) ctx.setExitCode(1);
      if (ctx.settings().json) return ctx.output.json({ ok, checks });
      const width = Math.max(...checks.map((c) => c.check.length));
      for (const c of checks) {
        ctx.output.line(`${c.ok ? 'ok  ' : 'FAIL'}  ${c.check.padEnd(width)}  ${c.detail}${c.fix ? ` — ${c.fix}` : ''}`);
      }
    });
};
export default register;
