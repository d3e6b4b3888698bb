import { describe, expect, it } from 'vitest';
import { isDateRejection, learnClockOffset } from './clock-skew.js';

describe('learnClockOffset', () => {
  const server = 'Wed, 18 Nov 2026 15:06:30 GMT';
  const serverMs = Date.parse(server);
  it('keeps the offset within the 5 s threshold', () => {
    expect(learnClockOffset(server, serverMs + 4000, 0)).toBe(0);
    expect(learnClockOffset(server, serverMs - 5000, 0)).toBe(0);
  });
  it('learns server − local when the clock is off', () => {
    expect(learnClockOffset(server, serverMs + 600_000, 0)).toBe(-600_000);
    expect(learnClockOffset(server, serverMs - 7000, 0)).toBe(7000);
  });
  it('keeps a learned offset that still agrees', () => {
    expect(learnClockOffset(server, serverMs + 600_500, -600_000)).toBe(-600_000);
  });
  it('judges the Date against the whole exchange, from send to headers received', () => {
    // A minute between send and headers (a slow server): any Date inside it is no skew.
    const slow = { sentMs: serverMs - 60_000, receivedMs: serverMs + 1_000 };
    expect(learnClockOffset(server, slow, 0)).toBe(0);
    // Outside it, the smallest correction that puts the Date back inside.
    expect(learnClockOffset(server, { sentMs: serverMs + 600_000, receivedMs: serverMs + 601_000 }, 0)).toBe(-600_000);
    expect(learnClockOffset(server, { sentMs: serverMs - 9_000, receivedMs: serverMs - 8_000 }, 0)).toBe(8_000);
  });
  it('ignores a missing or unreadable Date header', () => {
    expect(learnClockOffset(null, 0, 42)).toBe(42);
    expect(learnClockOffset('yesterday-ish', 0, 42)).toBe(42);
  });
});

describe('isDateRejection', () => {
  it('recognises the documented future-date error', () => {
    expect(isDateRejection(400, 'InvalidHeaderValue', 'The value 2026-11-18T15:16:30Z provided for x-amz-pay-date should not be in future')).toBe(true);
    expect(isDateRejection(400, 'InvalidHeaderValue', 'The value provided for x-amz-pay-region is invalid')).toBe(false);
    expect(isDateRejection(400, 'InvalidParameterValue', 'x-amz-pay-date')).toBe(false);
  });
});
