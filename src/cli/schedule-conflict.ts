import { ApiError } from '../errors.js';

/**
 * Amazon refuses a second schedule for a report type and names its body field,
 * `deleteExistingSchedule`; a CLI user's switch for it is `--replace`. Other errors pass unchanged.
 */
export function scheduleConflictInCliTerms(error: unknown, type: string): unknown {
  if (!(error instanceof ApiError) || error.status !== 400 || !/deleteExistingSchedule/.test(error.message)) return error;
  const { status, reasonCode, requestId, operation, retryAfterMs } = error;
  return new ApiError(
    `a schedule for ${type} already exists and Amazon allows one per report type: pass --replace to replace it`,
    { status, reasonCode, requestId, operation, retryAfterMs },
    { cause: error },
  );
}
