import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { settlementFile } from '../emulator/files/settlement-file.js';
import { parseReport } from './parse-report.js';
import { parseReportFile } from './parse-report-file.js';
import type { ParsedRecord } from './parsed-record.js';
import { ReportParser } from './report-parser.js';

const dir = mkdtempSync(join(tmpdir(), 'apr-parse-file-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// ~2 MB: some thirty 64 KiB reads, so both read buffers are reused many times over.
const bytes = Buffer.from([...settlementFile({
  seed: 7, sellerId: 'A3EXAMPLE7SELLR', settlementId: '2468135791', rows: 10_000,
  start: new Date('2026-10-01T00:00:00Z'), end: new Date('2026-10-31T00:00:00Z'),
})].join(''), 'utf8');

/** The records of `bytes` parsed from memory in one piece. */
function inMemory(b: Uint8Array): ParsedRecord[] {
  const parser = new ReportParser({ file: 'x' });
  const out: ParsedRecord[] = [];
  parser.push(b, out);
  parser.end(out);
  return out;
}

async function fromFile(path: string): Promise<ParsedRecord[]> {
  const out: ParsedRecord[] = [];
  for await (const batch of parseReportFile(path).batches()) out.push(...batch);
  return out;
}

describe('parseReportFile', () => {
  it('reads a file of many chunks into the same records as the bytes in one piece', async () => {
    const path = join(dir, 'plain.csv');
    writeFileSync(path, bytes);
    const expected = inMemory(bytes);
    expect(expected).toHaveLength(10_002);
    expect(await fromFile(path)).toEqual(expected);
  });

  it('reads a gzip file of many compressed chunks (zlib holds its input, so buffers are not reused)', async () => {
    // Level 0 keeps the compressed file as big as the text: every one of its reads matters.
    const path = join(dir, 'plain.csv.gz');
    writeFileSync(path, gzipSync(bytes, { level: 0 }));
    expect(await fromFile(path)).toEqual(inMemory(bytes));
  });

  it('closes the source when the consumer stops early, plain or gzip', async () => {
    for (const input of [bytes, gzipSync(bytes, { level: 0 })]) {
      let closed = false;
      async function* source() {
        try {
          for (let at = 0; at < input.length; at += 50_000) {
            await Promise.resolve(); // a real source yields to the event loop between chunks
            yield input.subarray(at, at + 50_000);
          }
        } finally {
          closed = true;
        }
      }
      for await (const r of parseReport(source())) {
        expect(r.kind).toBe('settlement');
        break;
      }
      // The gzip path stops its source through a stream's destroy, which settles on a later tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(closed).toBe(true);
    }
  });

  it('stops cleanly when the consumer stops early, and names a missing file', async () => {
    const path = join(dir, 'early.csv');
    writeFileSync(path, bytes);
    let seen = 0;
    for await (const r of parseReportFile(path)) {
      if (++seen === 3) break;
      expect(r.kind).toBe('settlement');
    }
    expect(seen).toBe(3);
    await expect(fromFile(join(dir, 'missing.csv'))).rejects.toThrow(/ENOENT/);
  });
});
