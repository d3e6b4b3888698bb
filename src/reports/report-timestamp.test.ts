import { describe, expect, it } from 'vitest';
import { parseReportTimestamp } from './report-timestamp.js';

describe('parseReportTimestamp', () => {
  it('accepts a space or none before the offset, ±HHMM, ±HH:MM and Z, keeping the raw text', () => {
    expect(parseReportTimestamp('2018-09-11T00:19:53 -0700')).toEqual({ raw: '2018-09-11T00:19:53 -0700', iso: '2018-09-11T07:19:53Z', ms: Date.UTC(2018, 8, 11, 7, 19, 53) });
    expect(parseReportTimestamp('2015-05-18T14:37:01-0700')?.iso).toBe('2015-05-18T21:37:01Z');
    expect(parseReportTimestamp('2015-05-18T14:37:01-0000')?.iso).toBe('2015-05-18T14:37:01Z');
    expect(parseReportTimestamp('2024-03-04T10:00:00+09:00')?.iso).toBe('2024-03-04T01:00:00Z');
    expect(parseReportTimestamp('2024-03-04T10:00:00Z')?.iso).toBe('2024-03-04T10:00:00Z');
    expect(parseReportTimestamp('2024-12-31T23:30:00 -0100')?.iso).toBe('2025-01-01T00:30:00Z');
  });

  it('rejects what is not a full timestamp with an offset', () => {
    for (const bad of ['', '2018-09-11', '2018-09-11T00:19:53', '2018-02-30T00:00:00Z', '2018-09-11T24:00:00Z', '2018-09-11 00:19:53 -0700', '2018-09-11T00:19:53  -0700', '2018-09-11T00:19:53 -07']) {
      expect(parseReportTimestamp(bad), bad).toBeUndefined();
    }
  });
});
