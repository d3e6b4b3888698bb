import { toWireReportType } from '../client/validate-input.js';
import { ConfigError } from '../errors.js';
import { REPORT_TYPES } from '../report-types.js';

/** What Create Report makes in live (api.md §3.3): every transaction report but capture; settlement is Amazon's. */
const LIVE: readonly string[] = [
  REPORT_TYPES['order-reference'], REPORT_TYPES['billing-agreement'], REPORT_TYPES.authorization, REPORT_TYPES.refund, REPORT_TYPES['multi-currency'],
];
/** In sandbox only the sandbox settlement report exists (api.md §3.3). */
const SANDBOX: readonly string[] = [REPORT_TYPES['sandbox-settlement']];

/**
 * The report types a backfill creates: the given ones (full or short names), or every type Create
 * Report accepts in the environment. A type the API cannot create is a ConfigError that says why
 * and what to do, before any request.
 */
export function backfillReportTypes(environment: 'live' | 'sandbox', requested?: readonly string[]): string[] {
  const allowed = environment === 'sandbox' ? SANDBOX : LIVE;
  if (!requested || requested.length === 0) return [...allowed];
  const types = [...new Set(requested.map(toWireReportType))];
  for (const t of types) {
    if (allowed.includes(t)) continue;
    if (t === REPORT_TYPES.settlement)
      throw new ConfigError('settlement reports cannot be backfilled: Amazon creates one per settlement and Create Report refuses the type, so the API has only the last 90 days (older ones: Seller Central → Reports); drop --type settlement');
    if (t === REPORT_TYPES.capture) throw new ConfigError('capture reports are not available through the API (Seller Central only); drop --type capture');
    throw new ConfigError(environment === 'sandbox'
      ? `${t} cannot be created in sandbox, which has only ${REPORT_TYPES['sandbox-settlement']}; use --type sandbox-settlement`
      : `${t} cannot be created in live; use one of ${LIVE.join(', ')}`);
  }
  return allowed.filter((t) => types.includes(t));
}
