import { describe, expect, it } from 'vitest';
import { percentOf } from './percent-of.js';

describe('percentOf', () => {
  it('is exact to two decimals, half away from zero, on the absolute part', () => {
    expect(percentOf('-29.10', '1000.00', 'USD')).toBe('2.91');
    expect(percentOf('1', '3', 'USD')).toBe('33.33');
    expect(percentOf('2', '3', 'USD')).toBe('66.67');
    expect(percentOf('-12345678901234567.89', '12345678901234567.89', 'USD')).toBe('100.00'); // beyond float precision
  });
  it('is null without a whole, and reads JPY without decimals', () => {
    expect(percentOf('-5.00', '0.00', 'USD')).toBeNull();
    expect(percentOf('-36', '1200', 'JPY')).toBe('3.00');
  });
});
