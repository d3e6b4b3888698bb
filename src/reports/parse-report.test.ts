import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ReportParseError } from '../errors.js';
import { parseReport } from './parse-report.js';
import { parseReportFile } from './parse-report-file.js';
import type { ParsedRecord, SettlementRecord } from './parsed-record.js';
import { ReportParser, type ParseOptions } from './report-parser.js';

const fixture = (name: string) => fileURLToPath(new URL(`../../test/reports/fixtures/${name}`, import.meta.url));

async function parseFile(name: string, options: ParseOptions = {}) {
  const parsed = parseReportFile(fixture(name), { file: name, ...options });
  const records: ParsedRecord[] = [];
  for await (const r of parsed) records.push(r);
  return { records, summary: parsed.summary };
}

async function parseError(name: string, options: ParseOptions = {}): Promise<ReportParseError> {
  try {
    await parseFile(name, options);
  } catch (e) {
    expect(e).toBeInstanceOf(ReportParseError);
    return e as ReportParseError;
  }
  throw new Error(`${name} parsed without error`);
}

const settlements = (records: ParsedRecord[]) => records as SettlementRecord[];

describe('settlement files', () => {
  it('reads the documented layout: BOM, preamble, trailing header comma, 15 columns by name', async () => {
    const { records, summary } = await parseFile('settlement-basic.csv');
    expect(summary.kind).toBe('settlement');
    expect(summary.preamble).toEqual({
      banner: ['Amazon Payments Advanced', 'Settlement Report'],
      sellerId: 'A3EXAMPLE7SELLR',
      start: { raw: '2024-03-04T00:00:12 -0800', iso: '2024-03-04T08:00:12Z', ms: Date.parse('2024-03-04T08:00:12Z') },
      end: { raw: '2024-03-05T00:00:09 -0800', iso: '2024-03-05T08:00:09Z', ms: Date.parse('2024-03-05T08:00:09Z') },
    });
    expect(summary.header).toHaveLength(15);
    expect(summary.warnings).toEqual([]);
    expect(summary.settlementIds).toEqual(['2468135791']);
    expect(records).toHaveLength(5);
    expect(records[1]).toEqual({
      kind: 'settlement', line: 8, postedAt: '2024-03-04T17:41:27Z', postedAtRaw: '2024-03-04T09:41:27 -0800',
      settlementId: '2468135791', amazonTransactionId: 'P01-4815162-3421234-C012345', sellerReferenceId: 'cap-10023',
      transactionType: 'Capture', amazonOrderReferenceId: 'P01-4815162-3421234', sellerOrderId: '10023',
      storeName: 'Example Outfitters', currencyCode: 'USD', description: null,
      amount: '49.99', percentageFee: '-1.45', fixedFee: '-0.30', totalFee: '-1.75', net: '48.24',
    });
    // `0` fees are normalised; empty cells are null.
    expect(settlements(records)[0]).toMatchObject({ transactionType: 'Reserve', percentageFee: '0.00', amazonTransactionId: null, line: 7 });
    expect(settlements(records)[4]).toMatchObject({ transactionType: 'Transfer', net: '-295.04' });
  });

  it('gives the same records for CRLF, mixed endings, and no BOM/no final newline', async () => {
    const base = (await parseFile('settlement-basic.csv')).records;
    for (const name of ['settlement-crlf.csv', 'settlement-mixed-endings.csv', 'settlement-no-bom-no-final-newline.csv']) {
      const { records, summary } = await parseFile(name);
      expect(records, name).toEqual(base);
      expect(summary.warnings, name).toEqual([]);
    }
  });

  it('handles quoted commas, "" escapes, multi-line cells, all timestamp forms, 1,234.56, 0 and unknown types', async () => {
    const { records, summary } = await parseFile('settlement-quirks.csv');
    const r = settlements(records);
    expect(summary.warnings).toEqual([]);
    expect(r[0]).toMatchObject({ sellerReferenceId: 'ref,with,commas', storeName: 'The "Best" Store, Inc.', amount: '1234.56', net: '1198.46', postedAt: '2024-03-04T09:00:00Z', postedAtRaw: '2024-03-04T01:00:00-0800' });
    expect(r[1]).toMatchObject({ sellerOrderId: 'multi\nline', postedAt: '2024-03-04T10:00:00Z', amount: '0.00', net: '0.00', line: 8 });
    expect(r[2]).toMatchObject({ transactionType: 'SomethingNew', postedAt: '2024-03-04T20:00:00Z', amount: '-0.30', line: 10 });
    expect(r[3]).toMatchObject({ transactionType: 'Carryover', postedAt: '2024-03-04T13:00:00Z', amount: '10.00' });
  });

  it('reads JPY with zero decimals, thousands separators and .00', async () => {
    const { records, summary } = await parseFile('settlement-jpy.csv');
    expect(summary.warnings).toEqual([]);
    expect(settlements(records).map((r) => [r.amount, r.totalFee, r.net])).toEqual([
      ['1000', '-40', '960'], ['25000', '-1000', '24000'], ['-24960', '0', '-24960'],
    ]);
  });

  it('records identity, period and SettlementId violations as warnings with lines, not errors', async () => {
    const { records, summary } = await parseFile('settlement-checks.csv');
    expect(records).toHaveLength(4);
    expect(summary.warnings.map((w) => [w.code, w.line])).toEqual([
      ['fee-sum', 7], ['net-sum', 8], ['outside-period', 9], ['settlement-id-mixed', 10],
    ]);
    expect(summary.warnings[0]?.message).toContain('TotalTransactionFee -1.70 ≠ TransactionPercentageFee -1.45 + TransactionFixedFee -0.30');
    expect(summary.settlementIds).toEqual(['2468135791', '9999999999']);
  });

  it('reads years 0000-0099 as written; a row there, outside a modern period, is a warning naming its line', () => {
    const head = readFileSync(fixture('settlement-basic.csv'), 'utf8').split('\n').slice(0, 6).join('\n');
    const row = (posted: string) => `"${posted}","2468135791","","","Reserve","","","","USD","","1.00","0","0","0","1.00"`;
    const parse = (text: string) => {
      const parser = new ReportParser({ file: 'old.csv' });
      const out: ParsedRecord[] = [];
      parser.push(Buffer.from(text), out);
      parser.end(out);
      return { records: settlements(out), summary: parser.summary };
    };
    const modern = parse(`${head}\n${row('0099-12-31T23:59:59 -0800')}\n${row('2024-03-04T01:00:00 -0800')}\n${row('0000-01-01T00:00:00Z')}\n`);
    expect(modern.records.map((r) => r.postedAt)).toEqual(['0100-01-01T07:59:59Z', '2024-03-04T09:00:00Z', '0000-01-01T00:00:00Z']);
    expect(modern.summary.warnings.map((w) => [w.code, w.line])).toEqual([['outside-period', 7], ['outside-period', 9]]);
    const ancient = parse(head.replace('2024-03-04T00:00:12 -0800', '0050-03-04T00:00:00Z').replace('2024-03-05T00:00:09 -0800', '0050-03-05T00:00:00Z') + `\n${row('0050-03-04T12:00:00Z')}\n`);
    expect(ancient.summary.preamble?.start?.iso).toBe('0050-03-04T00:00:00Z');
    expect(ancient.records[0]?.postedAt).toBe('0050-03-04T12:00:00Z');
    expect(ancient.summary.warnings).toEqual([]);
  });

  it('a row with the wrong cell count is an error naming file:line:column', async () => {
    const err = await parseError('settlement-wrong-cell-count.csv');
    expect(err.message).toBe('settlement-wrong-cell-count.csv:9:15: row has 14 cells, the header has 15');
    expect([err.line, err.column]).toEqual([9, 15]);
  });

  it('with onBadRow "warn" the bad row becomes a warning with its content, and parsing goes on', async () => {
    const seen: string[] = [];
    const { records, summary } = await parseFile('settlement-wrong-cell-count.csv', { onBadRow: 'warn', onWarning: (w) => seen.push(w.code) });
    expect(records).toHaveLength(5);
    expect(summary.warnings).toHaveLength(1);
    expect(summary.warnings[0]).toMatchObject({ code: 'bad-row', line: 9 });
    expect(summary.warnings[0]?.message).toContain('"2024-03-04T12:00:00 -0800","2468135791"');
    expect(seen).toEqual(['bad-row']);
  });

  it('names a garbage amount precisely', async () => {
    const err = await parseError('settlement-bad-amount.csv');
    expect(err.message).toBe('settlement-bad-amount.csv:8:11: TransactionAmount: amount "49,99" uses a decimal comma, which is ambiguous and not accepted');
  });

  it('reports a truncated last row and a file cut inside a quote', async () => {
    expect((await parseError('settlement-truncated.csv')).message).toBe(
      'settlement-truncated.csv:10:8: last row has 7 of 15 cells and no line ending: the file looks truncated',
    );
    expect((await parseError('settlement-truncated-in-quote.csv')).message).toMatch(/settlement-truncated-in-quote\.csv:10:\d+: file ends inside a quoted cell/);
  });

  it('a header-only settlement has no records; a preamble-only one is truncated', async () => {
    const { records, summary } = await parseFile('settlement-header-only.csv');
    expect(records).toEqual([]);
    expect(summary.preamble?.sellerId).toBe('A3EXAMPLE7SELLR');
    expect((await parseError('settlement-preamble-only.csv')).message).toMatch(/no TransactionPostedDate header row after the settlement preamble/);
  });

  it('parses a settlement passed as sandbox-settlement, and rejects a mismatched override', async () => {
    const { summary } = await parseFile('settlement-basic.csv', { kind: 'sandbox-settlement' });
    expect(summary.kind).toBe('sandbox-settlement');
    expect((await parseError('settlement-basic.csv', { kind: 'refund' })).message).toMatch(/expected a refund report, but this is a settlement report/);
    expect((await parseError('refund.csv', { kind: 'settlement' })).message).toMatch(/expected a settlement report, but line 1 starts with "AmazonRefundId"/);
  });
});

describe('transaction reports and the fallback', () => {
  it('reads the refund report (§5.1)', async () => {
    const { records, summary } = await parseFile('refund.csv');
    expect(summary.kind).toBe('refund');
    expect(records).toHaveLength(4);
    expect(records[2]).toEqual({
      kind: 'refund', line: 4, amazonRefundId: 'P01-9988776-6655443-R019876', refundReferenceId: 'ref-10007',
      amazonCaptureId: 'P01-9988776-6655443-C065432', amazonOrderReferenceId: 'P01-9988776-6655443', amount: '12.50',
      currencyCode: 'USD', sellerRefundNote: null, refundType: 'SellerInitiated', refundStatus: 'Declined',
      lastUpdatedAt: '2024-03-04T20:44:09Z', lastUpdatedAtRaw: '2024-03-04T12:44:09 -0800', reasonCode: 'ProcessingFailure',
      createdAt: '2024-03-04T20:40:51Z', createdAtRaw: '2024-03-04T12:40:51 -0800',
    });
  });

  it('reads the capture report (§5.2) with buyer columns in extra', async () => {
    const { records, summary } = await parseFile('capture.csv');
    expect(summary.kind).toBe('capture');
    expect(records[0]).toMatchObject({ kind: 'capture', amazonCaptureId: 'P01-4815162-3421234-C012345', amount: '49.99', captureStatus: 'Completed' });
    expect(records[0]).toHaveProperty('extra.BuyerName', 'Jane Example');
    expect(records[2]).toMatchObject({ reasonCode: 'AmazonRejected', captureStatus: 'Declined' });
  });

  it('falls back to header-keyed records for undocumented reports', async () => {
    const { records, summary } = await parseFile('order-reference.csv');
    expect(summary.kind).toBe('generic');
    expect(summary.header).toEqual(['AmazonOrderReferenceId', 'OrderReferenceStatus', 'OrderTotal', 'CurrencyCode']);
    expect(records).toEqual([
      { kind: 'generic', line: 2, fields: { AmazonOrderReferenceId: 'P01-1234567-2138100', OrderReferenceStatus: 'Open', OrderTotal: '10.00', CurrencyCode: 'USD' } },
      { kind: 'generic', line: 3, fields: { AmazonOrderReferenceId: 'P01-1234567-2138101', OrderReferenceStatus: 'Canceled', OrderTotal: null, CurrencyCode: 'USD' } },
    ]);
  });
});

describe('bad input', () => {
  it('empty and blank files', async () => {
    expect((await parseError('empty.csv')).message).toBe('empty.csv: the file is empty: no header row');
    expect((await parseError('blank-lines.csv')).message).toBe('blank-lines.csv: the file is empty: no header row');
  });

  it('JSON, HTML and S3 error documents are named as such', async () => {
    expect((await parseError('api-error.json')).message).toMatch(/^api-error\.json: this is JSON, not a report file/);
    expect((await parseError('error-page.html')).message).toMatch(/this is HTML\/XML, not a report file: "<!DOCTYPE html>/);
    expect((await parseError('s3-expired.xml')).message).toMatch(/an S3 error document \(the pre-signed URL expired\?\)/);
  });

  it('binary data and a wrong encoding are clear errors; an explicit encoding reads it', async () => {
    expect((await parseError('binary.bin')).message).toBe('binary.bin: binary data (a NUL byte at byte 0): this is not a text report file');
    // The exact byte, and its line and column: not the start of the chunk it was read in.
    expect((await parseError('windows-1252.csv')).message).toMatch(/^windows-1252\.csv:2:29: not valid utf-8 text \(byte 94\); .* windows-1252/);
    const { records } = await parseFile('windows-1252.csv', { encoding: 'windows-1252' });
    expect(records[0]).toMatchObject({ kind: 'refund', sellerRefundNote: 'Rückerstattung café', amount: '1.00' });
  });

  it('a bad byte deep in a multi-chunk file is named by its line and column', () => {
    const head = `a,b\r\n${'x,y\r\n'.repeat(5000)}`;
    const bytes = Buffer.concat([Buffer.from(`${head}caf`), Buffer.from([0xe9]), Buffer.from(',z\r\n')]);
    const chunks = [bytes.subarray(0, 1000), bytes.subarray(1000, 20_001), bytes.subarray(20_001)];
    const parser = new ReportParser({ file: 'deep.csv' });
    const out: ParsedRecord[] = [];
    const error = (() => {
      try {
        for (const c of chunks) parser.push(c, out);
        parser.end(out);
      } catch (e) {
        return e as ReportParseError;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(ReportParseError);
    expect(error?.message).toMatch(new RegExp(`^deep\\.csv:5002:4: not valid utf-8 text \\(byte ${head.length + 3}\\)`));
    expect([error?.line, error?.column]).toEqual([5002, 4]);
  });

  it('gzip input is inflated transparently', async () => {
    const gz = gzipSync(readFileSync(fixture('settlement-basic.csv')));
    const parsed = parseReport(Readable.from([gz.subarray(0, 10), gz.subarray(10)]), { file: 'x.gz' });
    const records: ParsedRecord[] = [];
    for await (const r of parsed) records.push(r);
    expect(records).toEqual((await parseFile('settlement-basic.csv')).records);
  });

  it('a single line of tens of MB fails fast at the line limit without buffering it all', async () => {
    let produced = 0;
    // 40 MiB of one line, produced lazily; the parser must stop at the 1 MiB limit.
    async function* hugeLine() {
      const chunk = Buffer.alloc(256 * 1024, 'x');
      for (let i = 0; i < 160; i++) {
        await Promise.resolve(); // a real source yields to the event loop between chunks
        produced += chunk.length;
        yield chunk;
      }
    }
    const parsed = parseReport(hugeLine(), { file: 'huge.csv', maxLineLength: 1024 * 1024 });
    const run = async () => {
      for await (const _ of parsed) void _;
    };
    await expect(run()).rejects.toThrow('huge.csv:1: a row is longer than 1048576 characters: not a report file, or a corrupt one');
    expect(produced).toBeLessThan(2 * 1024 * 1024);
  });
});
