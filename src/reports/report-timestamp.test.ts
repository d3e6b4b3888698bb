import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseReportTimestamp } from './report-timestamp.js';

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

describe('parseReportTimestamp', () => {
  it('accepts a space or none before the offset, ±HHMM, ±HH:MM and Z, keeping the raw text', () => {
    expect(parseReportTimestamp('2018-09-11T00:19:53 -0700')).toEqual({ raw: '2018-09-11T00:19:53 -0700', iso: '2018-09-11T07:19:53Z', ms: Date.UTC(2018, 8, 11, 7, 19, 53) });
    expect(parseReportTimestamp('2015-05-18T14:37:01-0700')?.iso).toBe('2015-05-18T21:37:01Z');
    expect(parseReportTimestamp('2015-05-18T14:37:01-0000')?.iso).toBe('2015-05-18T14:37:01Z');
    expect(parseReportTimestamp('2024-03-04T10:00:00+09:00')?.iso).toBe('2024-03-04T01:00:00Z');
    expect(parseReportTimestamp('2024-03-04T10:00:00Z')?.iso).toBe('2024-03-04T10:00:00Z');
    expect(parseReportTimestamp('2024-12-31T23:30:00 -0100')?.iso).toBe('2025-01-01T00:30:00Z');
    expect(parseReportTimestamp('2024-03-04T10:00:00+0530')?.iso).toBe('2024-03-04T04:30:00Z');
    expect(parseReportTimestamp('2024-03-04T10:00:00.123456789 -0800')).toMatchObject({ iso: '2024-03-04T18:00:00Z', raw: '2024-03-04T10:00:00.123456789 -0800' });
  });

  it('rejects what is not a full timestamp with an offset', () => {
    for (const bad of [
      '', '2018-09-11', '2018-09-11T00:19:53', '2018-02-30T00:00:00Z', '2018-09-11T24:00:00Z', '2018-09-11 00:19:53 -0700',
      '2018-09-11T00:19:53  -0700', '2018-09-11T00:19:53 -07', '2018-09-11T00:19:53 -07:0', '2018-09-11T00:19:53 -07000',
      '2018-09-11T00:19:53ZZ', '2018-09-11T00:19:53.Z', '2018-09-11T00:19:53.1234567890Z', '2018-09-11T00:19:60Z',
      '2018-09-11T00:60:00Z', '2018-13-11T00:00:00Z', '2018-00-11T00:00:00Z', '2018-09-00T00:00:00Z', '2018-09-11T00:19:53 -2400',
      '2018-09-11T00:19:53 -0760', '+018-09-11T00:19:53Z', '2018-9-11T00:19:53Z', '２０１８-09-11T00:19:53Z',
    ]) {
      expect(parseReportTimestamp(bad), bad).toBeUndefined();
    }
  });

  it('reads years 0000–0099 as written, never as 1900–1999 (Date.UTC would), at both ends', () => {
    expect(parseReportTimestamp('0000-01-01T00:00:00Z')).toEqual({ raw: '0000-01-01T00:00:00Z', iso: '0000-01-01T00:00:00Z', ms: Date.parse('0000-01-01T00:00:00Z') });
    expect(parseReportTimestamp('0099-12-31T23:59:59Z')).toEqual({ raw: '0099-12-31T23:59:59Z', iso: '0099-12-31T23:59:59Z', ms: Date.parse('0099-12-31T23:59:59Z') });
    expect(parseReportTimestamp('0050-06-15T12:00:00 -0800')?.iso).toBe('0050-06-15T20:00:00Z');
    expect(parseReportTimestamp('0100-01-01T00:00:00Z')?.ms).toBe(Date.parse('0100-01-01T00:00:00Z'));
    // Leap years by the proleptic Gregorian rule: 0000 and 2000 are, 0100 and 1900 are not (1900 would stand in for 0000).
    expect(parseReportTimestamp('0000-02-29T00:00:00Z')?.iso).toBe('0000-02-29T00:00:00Z');
    expect(parseReportTimestamp('0004-02-29T00:00:00Z')?.iso).toBe('0004-02-29T00:00:00Z');
    expect(parseReportTimestamp('2000-02-29T00:00:00Z')?.iso).toBe('2000-02-29T00:00:00Z');
    expect(parseReportTimestamp('0100-02-29T00:00:00Z')).toBeUndefined();
    expect(parseReportTimestamp('1900-02-29T00:00:00Z')).toBeUndefined();
    // An offset can carry the instant past either end of 0000–9999: ISO 8601's expanded years, as Date writes them.
    expect(parseReportTimestamp('0000-01-01T00:30:00+0100')?.iso).toBe('-000001-12-31T23:30:00Z');
    expect(parseReportTimestamp('9999-12-31T23:30:00-0100')?.iso).toBe('+010000-01-01T00:30:00Z');
  });

  it('matches Date.parse of the same instant for any year, month, day, time and offset (property)', () => {
    const stamp = fc.record({
      year: fc.integer({ min: 0, max: 9999 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }),
      hour: fc.integer({ min: 0, max: 23 }), min: fc.integer({ min: 0, max: 59 }), sec: fc.integer({ min: 0, max: 59 }),
      offset: fc.integer({ min: -(23 * 60 + 59), max: 23 * 60 + 59 }), style: fc.constantFrom(' ±HHMM', '±HHMM', '±HH:MM', 'Z'),
    });
    fc.assert(
      fc.property(stamp, (t) => {
        const local = `${pad(t.year, 4)}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.min)}:${pad(t.sec)}`;
        const off = t.style === 'Z' ? 0 : t.offset;
        const sign = off < 0 ? '-' : '+';
        const oh = pad(Math.floor(Math.abs(off) / 60));
        const om = pad(Math.abs(off) % 60);
        const zone = t.style === 'Z' ? 'Z' : t.style === ' ±HHMM' ? ` ${sign}${oh}${om}` : t.style === '±HHMM' ? `${sign}${oh}${om}` : `${sign}${oh}:${om}`;
        // Date.parse reads extended ISO 8601 with its year exactly; it rolls an invalid day like 02-30 over, so compare the day back.
        const ms = Date.parse(`${local}${sign}${oh}:${om}`);
        const valid = new Date(Date.parse(`${local}Z`)).getUTCDate() === t.day;
        const parsed = parseReportTimestamp(`${local}${zone}`);
        if (!valid) {
          expect(parsed).toBeUndefined();
          return;
        }
        expect(parsed?.ms).toBe(ms);
        expect(parsed?.iso).toBe(new Date(ms).toISOString().replace('.000Z', 'Z'));
      }),
      { numRuns: 2000 },
    );
  });
});
