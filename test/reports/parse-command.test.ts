import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { json, runCli } from '../cli/run-cli.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));

describe('amazon-pay-reports parse', () => {
  it('prints typed records as a table for humans and a summary on stderr', async () => {
    const r = await runCli(['parse', fixture('settlement-basic.csv')]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^LINE {2}POSTED \(UTC\) +TYPE +TRANSACTION ID +ORDER +AMOUNT +FEE +NET {2}CUR$/);
    expect(lines).toHaveLength(6);
    expect(lines[2]).toMatch(/^ {3}8 {2}2024-03-04T17:41:27Z {2}Capture +P01-4815162-3421234-C012345 {2}10023 +49\.99 +-1\.75 +48\.24 {2}USD$/);
    expect(r.stderr).toMatch(/settlement 2468135791 \(seller A3EXAMPLE7SELLR\), period 2024-03-04T08:00:12Z – 2024-03-05T08:00:09Z: 5 rows, 0 warnings/);
  });

  it('--json prints one array of records with decimal-string amounts; warnings go to stderr', async () => {
    const r = await runCli(['parse', fixture('settlement-checks.csv'), '--json']);
    expect(r.code).toBe(0);
    const records = json<Array<Record<string, unknown>>>(r);
    expect(records).toHaveLength(5); // the preamble, then 4 rows
    expect(records[1]).toMatchObject({ kind: 'settlement', line: 7, amount: '49.99', totalFee: '-1.70' });
    expect(r.stderr).toContain(`${fixture('settlement-checks.csv')}:7: fee-sum: TotalTransactionFee -1.70`);
    expect(r.stderr).toMatch(/4 warnings/);
  });

  it('--json and --ndjson start with the preamble the human summary prints: seller, settlement, period', async () => {
    const preamble = {
      kind: 'preamble', reportKind: 'settlement', sellerId: 'A3EXAMPLE7SELLR', settlementId: '2468135791',
      start: '2024-03-04T08:00:12Z', startRaw: '2024-03-04T00:00:12 -0800', end: '2024-03-05T08:00:09Z', endRaw: '2024-03-05T00:00:09 -0800',
      banner: ['Amazon Payments Advanced', 'Settlement Report'],
    };
    const records = json<Array<Record<string, unknown>>>(await runCli(['parse', fixture('settlement-basic.csv'), '--json']));
    expect(records[0]).toEqual(preamble);
    expect(records.slice(1).map((x) => x['kind'])).toEqual(['settlement', 'settlement', 'settlement', 'settlement', 'settlement']);
    const nd = await runCli(['parse', fixture('settlement-basic.csv'), '--ndjson']);
    expect(nd.code).toBe(0);
    expect(nd.stdout.trimEnd().split('\n').map((l) => JSON.parse(l) as unknown)).toEqual(records);
    // A file with a preamble and no rows still says whose and which period it is.
    expect(json(await runCli(['parse', fixture('settlement-header-only.csv'), '--json']))).toEqual([expect.objectContaining({ kind: 'preamble', settlementId: null, sellerId: expect.any(String) as unknown })]);
    // Reports without a preamble start with their rows.
    expect(json<Array<{ kind: string }>>(await runCli(['parse', fixture('refund.csv'), '--json']))[0]?.kind).toBe('refund');
  });

  it('exits 1 with one clear line naming file:line:column on a parse error', async () => {
    const r = await runCli(['parse', fixture('settlement-wrong-cell-count.csv')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(`amazon-pay-reports: ${fixture('settlement-wrong-cell-count.csv')}:9:15: row has 14 cells, the header has 15\n`);
  });

  it('--lenient turns broken rows into warnings', async () => {
    const r = await runCli(['parse', fixture('settlement-wrong-cell-count.csv'), '--lenient', '--json']);
    expect(r.code).toBe(0);
    expect(json<unknown[]>(r)).toHaveLength(6); // the preamble and 5 rows
    expect(r.stderr).toMatch(/:9: bad-row: .*row has 14 cells/);
  });

  it('reads refund and undocumented reports, and honours --kind', async () => {
    const refund = await runCli(['parse', fixture('refund.csv')]);
    expect(refund.stdout).toMatch(/REFUND ID/);
    const generic = await runCli(['parse', fixture('order-reference.csv'), '--json']);
    expect(json<Array<{ fields: unknown }>>(generic)[0]?.fields).toEqual({ AmazonOrderReferenceId: 'P01-1234567-2138100', OrderReferenceStatus: 'Open', OrderTotal: '10.00', CurrencyCode: 'USD' });
    const wrong = await runCli(['parse', fixture('refund.csv'), '--kind', 'settlement']);
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toMatch(/expected a settlement report/);
    const bad = await runCli(['parse', fixture('refund.csv'), '--kind', 'nonsense']);
    expect(bad.code).toBe(2);
  });

  it('a missing file or a non-report file is one clear line', async () => {
    const missing = await runCli(['parse', fixture('does-not-exist.csv')]);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(`amazon-pay-reports: cannot read ${fixture('does-not-exist.csv')}: no such file\n`);
    const html = await runCli(['parse', fixture('error-page.html')]);
    expect(html.code).toBe(1);
    expect(html.stderr).toMatch(/this is HTML\/XML, not a report file/);
  });
});
