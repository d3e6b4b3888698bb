import { formatMinor, parseMoney } from '../reports/money.js';
import type { SettlementSummary } from './settlement-summaries.js';

const SUMMED = ['captures', 'refunds', 'fees', 'chargebacks', 'adjustments', 'reserve', 'net', 'payout'] as const;

/** One total line per currency over the given summaries (exact bigint sums), for the bottom of the `settlements` table. */
export function settlementTotals(list: readonly SettlementSummary[]): Array<Record<string, string | number>> {
  const byCurrency = new Map<string, { rows: number; sums: Map<string, bigint> }>();
  for (const s of list) {
    const t = byCurrency.get(s.currency) ?? { rows: 0, sums: new Map<string, bigint>() };
    t.rows += s.rows;
    for (const k of SUMMED) t.sums.set(k, (t.sums.get(k) ?? 0n) + parseMoney(s[k], s.currency));
    byCurrency.set(s.currency, t);
  }
  return [...byCurrency].map(([currency, t]) => {
    const line: Record<string, string | number> = { settlementId: 'TOTAL', currency, rows: t.rows };
    for (const k of SUMMED) line[k] = formatMinor(t.sums.get(k) ?? 0n, currency);
    return line;
  });
}
