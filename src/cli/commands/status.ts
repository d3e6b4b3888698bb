import type { RegisterCommand } from '../context.js';
import { withRegistry } from '../with-registry.js';

/** `status`: per merchant, the last run, the next due time, reports stored and recent failures. */
const register: RegisterCommand = (program, ctx) => {
  program
    .command('status')
    .action(async () => {
      const settings = ctx.settings();
      const rows = await withRegistry(ctx, 'status', async (registry) => {
        const { openStore } = await import('../../store/open-store.js');
        const out = [];
        for (const m of await registry.list()) {
          const store = await openStore(settings.db, { merchant: m.name, readOnly: true });
          try {
            const runs = await store.listRuns(20);
            const last = runs[0];
            out.push({
              merchant: m.name, lastRun: last?.startedAt ?? null, lastStatus: last?.status ?? null,
              nextDue: m.nextDueAt, reports: (await store.listReports({ downloaded: true })).length,
              failures: runs.filter((r) => r.status === 'failed' || r.status === 'partial').length,
              lastError: runs.find((r) => r.error !== undefined)?.error ?? null,
            });
          } finally {
            await store.close();
          }
        }
        return out;
      });
      if (settings.json) return ctx.output.json(rows);
      if (rows.length === 0) return ctx.log.info('No merchants yet: `amazon-pay-reports merchants add …`.');
      ctx.output.table(rows.map((r) => ({ ...r, lastRun: r.lastRun ? `${r.lastRun} ${r.lastStatus ?? ''}` : 'never' })), [
        { key: 'merchant', header: 'MERCHANT' }, { key: 'lastRun', header: 'LAST RUN' }, { key: 'nextDue', header: 'NEXT DUE' },
        { key: 'reports', header: 'REPORTS', align: 'right' }, { key: 'failures', header: 'FAILED RUNS (LAST 20)', align: 'right' },
      ]);
    });
};
export default register;
