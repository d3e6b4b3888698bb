import { formatIsoMillis } from '../dates.js';
import {
  decodeToken, encodeToken, fail, isPageSize, isResult, pageSizeParam, param, presentParams, timeParam, unknownParams,
  type ApiContext, type ApiResult,
} from './api-context.js';
import { RETENTION_MS } from './state.js';

interface DisbursementToken {
  p: string;
  a: number;
  b: number;
  n: number;
  /** Index into the emulator's disbursement list to resume after. */
  i: number;
}

/**
 * GET /disbursements: startTime/endTime over the settlement's disbursement time (defaults
 * now−90 d / now, EMULATOR CHOICE — the docs are silent), pageSize 1..100, nextToken alone.
 * Sandbox has no disbursements. Times are extended ISO with milliseconds (api.md §4.4).
 */
export function getDisbursements(ctx: ApiContext): ApiResult {
  const bad = unknownParams(ctx.query, ['startTime', 'endTime', 'pageSize', 'nextToken']);
  if (bad) return bad;
  const tokenText = param(ctx.query, 'nextToken');
  let t: DisbursementToken;
  if (tokenText !== undefined) {
    const others = presentParams(ctx.query).filter((k) => k !== 'nextToken');
    if (others.length > 0) return fail(400, 'InvalidParameterCombination', `nextToken must be the only parameter; remove ${others.join(', ')}`);
    const token = decodeToken<DisbursementToken>(tokenText);
    if (!token || token.p !== ctx.publicKeyId || typeof token.i !== 'number' || !isPageSize(token.n)) return fail(400, 'InvalidParameterValue', 'The value provided for nextToken is invalid');
    t = token;
  } else {
    const a = timeParam(param(ctx.query, 'startTime'), 'startTime');
    const b = timeParam(param(ctx.query, 'endTime'), 'endTime');
    const n = pageSizeParam(param(ctx.query, 'pageSize'));
    if (isResult(a)) return a;
    if (isResult(b)) return b;
    if (isResult(n)) return n;
    t = { p: ctx.publicKeyId, a: a ?? ctx.nowMs - RETENTION_MS, b: b ?? ctx.nowMs, n, i: -1 };
    if (t.a > t.b) return fail(400, 'InvalidParameterValue', 'startTime must not be after endTime');
  }
  const items: Array<Record<string, string>> = [];
  let last = -1;
  let more = false;
  if (ctx.environment === 'live') {
    const all = ctx.state.disbursements;
    for (let i = t.i + 1; i < all.length; i++) {
      const d = all[i]!;
      if (d.publicKeyId !== ctx.publicKeyId || d.transactionMs < t.a || d.transactionMs > t.b || d.transactionMs > ctx.nowMs) continue;
      if (items.length === t.n) {
        more = true;
        break;
      }
      items.push({
        amazonDisbursementReferenceId: d.amazonDisbursementReferenceId, amount: ctx.state.disbursementAmount(d),
        currencyCode: d.currencyCode, sellerId: d.sellerId, settlementId: d.settlementId, transactionTime: formatIsoMillis(new Date(d.transactionMs)),
      });
      last = i;
    }
  }
  const body: Record<string, unknown> = { disbursements: items };
  if (more) body.nextToken = encodeToken({ ...t, i: last });
  return { status: 200, body };
}
