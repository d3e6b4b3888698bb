import { describe, expect, it } from 'vitest';
import { spreadsheetSafeCell, spreadsheetSafeCsvCell } from './spreadsheet-safe-csv-cell.js';

describe('spreadsheetSafeCsvCell', () => {
  it.each([
    ['=1+1', "'=1+1"], ['+1', "'+1"], ['-1', "'-1"], ['@A1', "'@A1"], ['\tx', "'\tx"], ['\rx', `"'\rx"`],
    ['=HYPERLINK("u","x")', `"'=HYPERLINK(""u"",""x"")"`], ['plain', 'plain'], ['a=b', 'a=b'], ['', ''],
  ])('text %j → %j', (value, cell) => {
    expect(spreadsheetSafeCsvCell(value, 'text')).toBe(cell);
  });

  it('keeps amounts numeric, but treats what is not a decimal in an amount column as text', () => {
    expect(spreadsheetSafeCsvCell('-0.30', 'amount')).toBe('-0.30');
    expect(spreadsheetSafeCsvCell('-1250', 'amount')).toBe('-1250');
    expect(spreadsheetSafeCsvCell('-1+2', 'amount')).toBe("'-1+2");
    expect(spreadsheetSafeCsvCell(null, 'amount')).toBe('');
    expect(spreadsheetSafeCsvCell(7, 'text')).toBe('7');
  });

  it('spreadsheetSafeCell (journal, Xero and QuickBooks CSVs, whose columns mix kinds): decimals stay numbers, formulas are neutralised', () => {
    expect(['-12.50', '2468135791', '0', '=SUM(A1)', '-2+3', '+1 555', '@x', 'Fees'].map(spreadsheetSafeCell))
      .toEqual(['-12.50', '2468135791', '0', "'=SUM(A1)", "'-2+3", "'+1 555", "'@x", 'Fees']);
  });
});
