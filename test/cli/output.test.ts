import { describe, expect, it } from 'vitest';
import { createOutput, formatFields, formatTable, toJson } from '../../src/cli/output.js';

describe('formatTable', () => {
  const columns = [
    { key: 'id', header: 'ID' },
    { key: 'amount', header: 'AMOUNT', align: 'right' as const },
    { key: 'note', header: 'NOTE' },
  ];

  it('pads columns to the widest cell, right-aligns money and trims trailing blanks', () => {
    const text = formatTable([
      { id: 'A1', amount: '-0.30', note: 'fee' },
      { id: 'B22222', amount: '1234.50' },
      { id: 'C', amount: '7.00', note: 'multi\nline\tnote' },
    ], columns);
    expect(text).toBe([
      'ID       AMOUNT  NOTE',
      'A1        -0.30  fee',
      'B22222  1234.50',
      'C          7.00  multi line note',
      '',
    ].join('\n'));
  });

  it('prints just the header for no rows, and ISO UTC for dates', () => {
    expect(formatTable([], columns)).toBe('ID  AMOUNT  NOTE\n');
    expect(formatTable([{ id: new Date('2026-11-18T15:06:30.123Z') }], [{ key: 'id', header: 'T' }])).toBe('T\n2026-11-18T15:06:30Z\n');
  });
});

describe('toJson / output.json', () => {
  it('writes one document with dates as ISO UTC without milliseconds and amounts untouched', () => {
    let out = '';
    createOutput({ write: (s: string) => (out += s) }).json([{ at: new Date('2026-11-18T15:06:30.999Z'), amount: '-0.30', n: 10n }]);
    expect(JSON.parse(out)).toEqual([{ at: '2026-11-18T15:06:30Z', amount: '-0.30', n: '10' }]);
    expect(out.endsWith('}\n]\n')).toBe(true);
  });

  it('keeps nested structure', () => {
    expect(JSON.parse(toJson({ a: { b: [1, 'x', null] } }))).toEqual({ a: { b: [1, 'x', null] } });
  });
});

describe('formatFields', () => {
  it('aligns labels and leaves out absent values', () => {
    expect(formatFields({ reportId: 'R1', reportDocumentId: undefined, processingStatus: 'DONE' }, ['reportId', 'processingStatus', 'reportDocumentId']))
      .toBe('reportId          R1\nprocessingStatus  DONE\n');
  });
});
