import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { currencyExponent, formatMinor, MoneyFormatError, MoneyReader, normalizeMoney, parseMoney } from './money.js';

describe('money', () => {
  it('parses the shapes Amazon writes to exact minor units', () => {
    expect(parseMoney('0', 'USD')).toBe(0n);
    expect(parseMoney('-0.30', 'USD')).toBe(-30n);
    expect(parseMoney('10.00', 'USD')).toBe(1000n);
    expect(parseMoney('1,234.56', 'USD')).toBe(123456n);
    expect(parseMoney('-12,345,678.9', 'EUR')).toBe(-1234567890n);
    expect(parseMoney('+5', 'GBP')).toBe(500n);
    expect(parseMoney('1,000', 'JPY')).toBe(1000n);
    expect(parseMoney('1000.00', 'JPY')).toBe(1000n);
    expect(parseMoney('99999999999999999999.99', 'USD')).toBe(9999999999999999999999n);
  });

  it('formats back to canonical decimal strings', () => {
    expect(formatMinor(0n, 'USD')).toBe('0.00');
    expect(formatMinor(-30n, 'USD')).toBe('-0.30');
    expect(formatMinor(-5n, 'USD')).toBe('-0.05');
    expect(formatMinor(123456n, 'USD')).toBe('1234.56');
    expect(formatMinor(-1000n, 'JPY')).toBe('-1000');
    expect(normalizeMoney('-0.00', 'USD')).toBe('0.00');
    expect(currencyExponent('jpy')).toBe(0);
  });

  it('rejects garbage, decimal commas and lossy precision with a precise reason', () => {
    const reason = (text: string, currency = 'USD') => {
      try {
        parseMoney(text, currency);
      } catch (e) {
        expect(e).toBeInstanceOf(MoneyFormatError);
        return (e as Error).message;
      }
      return 'accepted';
    };
    expect(reason('')).toBe('amount is empty');
    expect(reason('abc')).toBe('amount "abc" is not a decimal number');
    expect(reason('1.234,56')).toMatch(/decimal comma/);
    expect(reason('12,50')).toMatch(/decimal comma/);
    expect(reason('1,23.00')).toMatch(/not a decimal number/);
    expect(reason('1.005')).toBe('amount "1.005" has more than 2 decimal places for USD');
    expect(reason('1.5', 'JPY')).toBe('amount "1.5" has more than 0 decimal places for JPY');
    expect(reason('$1.00')).toMatch(/not a decimal number/);
    expect(reason('1e3')).toMatch(/not a decimal number/);
    expect(reason('NaN')).toMatch(/not a decimal number/);
  });

  it('keeps canonical text as written and canonicalises the rest', () => {
    const m = new MoneyReader();
    for (const [text, currency, minor, canonical] of [
      ['-1.45', 'USD', -145n, '-1.45'], ['10.00', 'USD', 1000n, '10.00'], ['0.00', 'EUR', 0n, '0.00'], ['1000', 'JPY', 1000n, '1000'],
      ['0', 'USD', 0n, '0.00'], ['12.5', 'USD', 1250n, '12.50'], ['-0.00', 'USD', 0n, '0.00'], ['-0', 'JPY', 0n, '0'], ['007.10', 'USD', 710n, '7.10'],
      ['+5', 'GBP', 500n, '5.00'], ['1000.00', 'JPY', 1000n, '1000'], ['1,234.5', 'USD', 123450n, '1234.50'],
      ['9999999999999.99', 'USD', 999999999999999n, '9999999999999.99'], ['99999999999999.99', 'USD', 9999999999999999n, '99999999999999.99'],
    ] as const) {
      m.read(text, currency);
      expect([m.minor, m.text], text).toEqual([minor, canonical]);
    }
  });

  it('agrees with exact decimal arithmetic on any sign, digits and fraction (property)', () => {
    const amount = fc.record({
      sign: fc.constantFrom('', '-', '+'),
      int: fc.stringMatching(/^\d{1,22}$/),
      frac: fc.option(fc.stringMatching(/^\d{0,4}$/), { nil: undefined }),
      currency: fc.constantFrom('USD', 'JPY', 'jpy', 'EUR'),
    });
    fc.assert(
      fc.property(amount, ({ sign, int, frac, currency }) => {
        const text = `${sign}${int}${frac === undefined ? '' : `.${frac}`}`;
        const exponent = currency.toUpperCase() === 'JPY' ? 0 : 2;
        const digits = frac ?? '';
        const m = new MoneyReader();
        if (digits === '' && frac !== undefined) {
          // `12.` has no fraction digits: not a decimal number.
          expect(() => m.read(text, currency)).toThrow(MoneyFormatError);
        } else if (/[^0]/.test(digits.slice(exponent))) {
          expect(() => m.read(text, currency)).toThrow(/decimal places/);
        } else {
          const minor = (sign === '-' ? -1n : 1n) * BigInt(int + digits.slice(0, exponent).padEnd(exponent, '0'));
          m.read(text, currency);
          expect(m.minor).toBe(minor);
          expect(m.text).toBe(formatMinor(minor, currency));
          expect(parseMoney(text, currency)).toBe(minor);
          expect(normalizeMoney(text, currency)).toBe(m.text);
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips any minor amount (property)', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), fc.constantFrom('USD', 'EUR', 'JPY'), (minor, currency) => {
        expect(parseMoney(formatMinor(minor, currency), currency)).toBe(minor);
      }),
    );
  });
});
