import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');

/** What a library user writes first: the README's calls, type-checked as strictly as TypeScript can. */
const CONSUMER = `
import { createClient, openStore, syncReports, reconcile, settlementSummaries, exportChunks, importReportFile, type Store, type SyncSummary, type ReconcileReport } from 'amazon-pay-reports';
import { createEmulator } from 'amazon-pay-reports/emulator';

const emulator = await createEmulator({ seed: 1, days: 30 });
const client = createClient({ endpoint: emulator.url, publicKeyId: emulator.defaultMerchant!.publicKeyId, privateKey: { pem: emulator.defaultMerchant!.privateKeyPem } });
const store: Store = await openStore('./amazon-pay-reports.db');
const summary: SyncSummary = await syncReports({ client, store, outDir: './reports' });
const report: ReconcileReport = await reconcile(store);
const rows = await settlementSummaries(store, { since: '2026-11-01T00:00:00Z' });
for await (const chunk of exportChunks(store, { what: 'rows', format: 'csv' })) process.stdout.write(chunk);
await importReportFile(store, { reportId: 'R', reportType: 'T' }, './reports/x.csv');
console.log(summary.imported, report.ok, rows.length);
await store.close();
await emulator.close();
`;

let dir: string;
beforeAll(() => {
  // \`npm test\` builds before vitest; alone, build here.
  if (!existsSync(join(root, 'dist', 'index.d.ts'))) execFileSync('npm', ['run', 'build'], { cwd: root, stdio: 'pipe' });
  dir = mkdtempSync(join(tmpdir(), 'apr-consumer-'));
}, 180_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the packed package, as a fresh TypeScript project installs it', () => {
  it('a consumer file type-checks under --strict with only the tarball (and its own dependencies) installed', () => {
    execFileSync('npm', ['pack', '--ignore-scripts', '--pack-destination', dir], { cwd: root, stdio: 'pipe' });
    const tarball = readdirSync(dir).find((f) => f.endsWith('.tgz'));
    expect(tarball).toBeDefined();
    const project = join(dir, 'consumer');
    mkdirSync(project);
    writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
    // From the npm cache where it can (the registry otherwise); no install scripts, so nothing compiles.
    execFileSync('npm', ['install', '--prefer-offline', '--ignore-scripts', '--no-audit', '--no-fund', join(dir, tarball!)], { cwd: project, stdio: 'pipe' });
    // A Node project has Node's types; nothing else of ours comes along.
    mkdirSync(join(project, 'node_modules', '@types'), { recursive: true });
    symlinkSync(join(root, 'node_modules', '@types', 'node'), join(project, 'node_modules', '@types', 'node'));
    expect(existsSync(join(project, 'node_modules', '@types', 'better-sqlite3'))).toBe(false);
    writeFileSync(join(project, 'index.ts'), CONSUMER);
    writeFileSync(join(project, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { strict: true, noEmit: true, target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', skipLibCheck: false, types: ['node'] },
      files: ['index.ts'],
    }));
    let output = '';
    try {
      execFileSync(process.execPath, [tsc, '-p', project], { cwd: project, stdio: 'pipe' });
    } catch (error) {
      output = String((error as { stdout?: Buffer }).stdout ?? error);
    }
    expect(output).toBe('');
  }, 120_000);
});
