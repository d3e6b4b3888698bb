import { describe, expect, it } from 'vitest';
import { settlementStatus } from './settlement-status.js';

describe('settlementStatus', () => {
  it('names the worst problem: incomplete, then unbalanced, then an unmatched payout; warnings still tie out', () => {
    expect(settlementStatus('ok')).toBe('ties out');
    expect(settlementStatus('period-mismatch,duplicate-settlement')).toBe('ties out');
    expect(settlementStatus('no-disbursement')).toBe('unmatched payout');
    expect(settlementStatus('payout-mismatch,unbalanced')).toBe('unbalanced');
    expect(settlementStatus('bad-row')).toBe('unbalanced');
    expect(settlementStatus('unbalanced,incomplete')).toBe('incomplete');
  });
});
