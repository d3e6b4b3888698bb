import { existsSync, statSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createClient } from '../../src/client/create-client.js';
import { main } from '../../src/cli/main.js';
import { REPORT_TYPES } from '../../src/report-types.js';
import { startCli } from './start-cli.js';

interface AnnouncedMerchant { merchantId: string; publicKeyId: string; privateKeyFile: string }
interface Announce { url: string; publicKeyId: string; privateKeyFile: string | null; merchants?: AnnouncedMerchant[] }

async function announce(argv: string[]): Promise<{ announced: Announce; stop: () => ReturnType<ReturnType<typeof startCli>['stop']> }> {
  const run = startCli(argv);
  return { announced: JSON.parse(await run.firstLine) as Announce, stop: () => run.stop() };
}

describe('amazon-pay-reports emulator --merchants N', () => {
  it('--json lists N merchants; each key sees only its own reports, settled under its own merchant id; key files 0600, gone after stop', async () => {
    const { announced, stop } = await announce(['emulator', '--merchants', '3', '--json', '--days', '3', '--seed', '9']);
    expect(Object.keys(announced)).toEqual(['url', 'publicKeyId', 'privateKeyFile', 'merchants']);
    const merchants = announced.merchants!;
    expect(merchants).toHaveLength(3);
    // The old fields stay usable: they name the first merchant.
    expect(announced.publicKeyId).toBe(merchants[0]!.publicKeyId);
    expect(announced.privateKeyFile).toBe(merchants[0]!.privateKeyFile);
    expect(new Set(merchants.map((m) => m.merchantId)).size).toBe(3);
    expect(new Set(merchants.map((m) => m.privateKeyFile)).size).toBe(3);

    const seen: string[][] = [];
    for (const m of merchants) {
      expect(Object.keys(m)).toEqual(['merchantId', 'publicKeyId', 'privateKeyFile']);
      expect(statSync(m.privateKeyFile).mode & 0o777).toBe(0o600);
      const client = createClient({ endpoint: announced.url, publicKeyId: m.publicKeyId, privateKey: { file: m.privateKeyFile } });
      const reports = [];
      for await (const r of client.reports.list({ reportTypes: [REPORT_TYPES.settlement] })) reports.push(r);
      expect(reports).toHaveLength(3);
      seen.push(reports.map((r) => r.reportId));
      for (const r of reports) {
        const doc = await client.getReportDocument(r.reportDocumentId!);
        const text = await (await fetch(doc.url)).text();
        expect(/"SellerId","([^"]*)"/.exec(text)?.[1]).toBe(m.merchantId);
      }
      // Another merchant's report is not found with this key.
      const other = merchants.find((o) => o !== m)!;
      const foreign = createClient({ endpoint: announced.url, publicKeyId: other.publicKeyId, privateKey: { file: other.privateKeyFile } });
      await expect(foreign.reports.get(reports[0]!.reportId)).rejects.toMatchObject({ status: 404 });
    }
    const all = seen.flat();
    expect(new Set(all).size).toBe(all.length); // disjoint

    const { code, stdout } = await stop();
    expect(code).toBe(0);
    expect(stdout.split('\n').filter(Boolean)).toHaveLength(1);
    for (const m of merchants) expect(existsSync(m.privateKeyFile)).toBe(false);
  });

  it('the same seed and N give the same ids every run; another seed, other ids; --merchants 1 is the default merchant', async () => {
    const ids = async (argv: string[]): Promise<Array<[string, string]>> => {
      const { announced, stop } = await announce([...argv, '--json', '--days', '1']);
      expect((await stop()).code).toBe(0);
      return (announced.merchants ?? [{ publicKeyId: announced.publicKeyId, merchantId: '' }]).map((m) => [m.publicKeyId, m.merchantId]);
    };
    const first = await ids(['emulator', '--merchants', '2', '--seed', '4']);
    expect(await ids(['emulator', '--merchants', '2', '--seed', '4'])).toEqual(first);
    const other = await ids(['emulator', '--merchants', '2', '--seed', '5']);
    expect(other.map(([k]) => k)).not.toContain(first[0]![0]);
    expect(other.map(([k]) => k)).not.toContain(first[1]![0]);
    expect((await ids(['emulator', '--seed', '4']))[0]![0]).toBe(first[0]![0]);
  });

  it('without --json, a short listing of the merchants and their key files', async () => {
    const run = startCli(['emulator', '--merchants', '2', '--days', '1']);
    expect(await run.firstLine).toMatch(/^Amazon Pay Reports emulator listening on http:\/\/127\.0\.0\.1:\d+$/);
    const { code, stdout } = await run.stop();
    expect(code).toBe(0);
    expect(stdout).toMatch(/Merchants +2 \(generated keys/);
    expect(stdout).toMatch(/MERCHANT ID +PUBLIC KEY ID +PRIVATE KEY/);
    expect(stdout.match(/^ +A[0-9A-Z]{13} +EMU[0-9A-Z]{21} +\S+merchant-\d\.pem$/gm)).toHaveLength(2);
    expect(stdout).toMatch(/Try: amazon-pay-reports --endpoint http\S+ --public-key-id EMU\S+ --private-key \S+merchant-1\.pem reports list/);
  });

  it('a bad N, or N with --public-key-id, exits 2 with one line', async () => {
    for (const argv of [['emulator', '--merchants', '0'], ['emulator', '--merchants', '1001'], ['emulator', '--merchants', '2.5'], ['emulator', '--merchants', 'three'], ['emulator', '--merchants', '-1'],
      ['emulator', '--merchants', '2', '--public-key-id', 'K', '--public-key', '/no/such.pem']]) {
      let stderr = '';
      const code = await main(argv, { stdout: { write: () => true }, stderr: { write: (s: string) => (stderr += s) }, env: {}, signal: AbortSignal.abort() });
      expect(code, argv.join(' ')).toBe(2);
      expect(stderr.trimEnd().split('\n'), argv.join(' ')).toHaveLength(1);
      expect(stderr).toMatch(/--merchants/);
    }
  });
});
