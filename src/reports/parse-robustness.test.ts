import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ReportParseError } from '../errors.js';
import type { ParsedRecord } from './parsed-record.js';
import { ReportParser, type ParseOptions } from './report-parser.js';

const basic = readFileSync(fileURLToPath(new URL('../../test/reports/fixtures/settlement-basic.csv', import.meta.url)));

/** Parses bytes in two chunks; returns the records or the ReportParseError. Anything else thrown fails the property. */
function outcome(bytes: Uint8Array, cut: number, options: ParseOptions = {}): ParsedRecord[] | ReportParseError {
  const parser = new ReportParser({ file: 'fuzz.csv', ...options });
  const out: ParsedRecord[] = [];
  try {
    const at = cut % (bytes.length + 1);
    parser.push(bytes.subarray(0, at), out);
    parser.push(bytes.subarray(at), out);
    parser.end(out);
    return out;
  } catch (e) {
    if (e instanceof ReportParseError) return e;
    throw e;
  }
}

describe('parser robustness (property)', () => {
  it('arbitrary bytes end in records or a ReportParseError naming the file, never another exception', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.nat(), (bytes, cut) => {
        const r = outcome(bytes, cut);
        if (r instanceof ReportParseError) expect(r.message).toMatch(/^fuzz\.csv/);
      }),
      { numRuns: 500 },
    );
  });

  it('a settlement file with bytes flipped, dropped or inserted anywhere still ends cleanly, and lenient mode keeps going', () => {
    const edit = fc.record({ at: fc.nat(), kind: fc.constantFrom('flip', 'drop', 'insert'), byte: fc.constantFrom(0x22, 0x2c, 0x0a, 0x0d, 0x41, 0x2d, 0x2e, 0x30) });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), fc.nat(), fc.boolean(), (edits, cut, lenient) => {
        const bytes = [...basic];
        for (const e of edits) {
          const at = e.at % (bytes.length + 1);
          if (e.kind === 'flip' && at < bytes.length) bytes[at] = e.byte;
          else if (e.kind === 'drop') bytes.splice(at, 1);
          else bytes.splice(at, 0, e.byte);
        }
        const r = outcome(Uint8Array.from(bytes), cut, lenient ? { onBadRow: 'warn' } : {});
        if (r instanceof ReportParseError) expect(r.message).toMatch(/^fuzz\.csv/);
        else for (const rec of r) expect(rec.line).toBeGreaterThan(0);
      }),
      { numRuns: 500 },
    );
  });
});
