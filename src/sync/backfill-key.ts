import { createHash } from 'node:crypto';

/**
 * The idempotency key of one backfill request: derived from whose it is, the type, the range and
 * the attempt, never random. A backfill killed after Amazon created the report but before the
 * store recorded it sends the same key again, and Amazon answers with the report it already made
 * instead of making a second one. 32 characters, the API's limit (api.md §2.3).
 */
export function backfillIdempotencyKey(input: { publicKeyId: string; reportType: string; startTime: string; endTime: string; attempt: number }): string {
  const digest = createHash('sha256')
    .update(['backfill', input.publicKeyId, input.reportType, input.startTime, input.endTime, String(input.attempt)].join('\u0000'))
    .digest('hex');
  return `bf${digest.slice(0, 30)}`;
}
