/** Amazon keeps reports 90 days (api.md §5.3). */
export const RETENTION_MS = 90 * 24 * 3600_000;
/** Re-list this much before the checkpoint: reports can appear late in a listing (peers.md 18–19). */
export const DEFAULT_OVERLAP_MS = 2 * 24 * 3600_000;
/**
 * Between full re-lists, at most every RELIST_EVERY_MS, a run re-lists only this much before the
 * checkpoint: a report that shows up in a listing later than that is still found within hours.
 */
export const SHORT_OVERLAP_MS = 15 * 60_000;
export const RELIST_EVERY_MS = 6 * 3600_000;
/** `createdSince` of exactly 90 days is rejected once latency is added (peers.md pain point 20). */
export const RETENTION_MARGIN_MS = 5 * 60_000;

export interface ListingWindow {
  createdSince: Date;
  createdUntil: Date;
  /** False when `since` starts the window after the stored checkpoint: advancing would skip a gap. */
  advancesCheckpoint: boolean;
}

export interface WindowInput {
  now: Date;
  /** The stored checkpoint, if any. */
  checkpoint?: Date | undefined;
  /** An explicit start (`sync --since`). */
  since?: Date | undefined;
  overlapMs?: number;
}

/**
 * The listing window: `checkpoint − overlap` (or `since`, or the start of retention on a first
 * run), never earlier than `now − 90 days + margin`, up to `now` truncated to the second.
 */
export function listingWindow(input: WindowInput): ListingWindow {
  const until = floorSecond(input.now);
  const floor = new Date(Math.ceil((until.getTime() - RETENTION_MS + RETENTION_MARGIN_MS) / 1000) * 1000);
  const fromCheckpoint = input.checkpoint
    ? new Date(input.checkpoint.getTime() - (input.overlapMs ?? DEFAULT_OVERLAP_MS))
    : floor;
  const wanted = input.since ?? fromCheckpoint;
  const since = clamp(wanted, floor, until);
  const natural = clamp(fromCheckpoint, floor, until);
  return { createdSince: since, createdUntil: until, advancesCheckpoint: since.getTime() <= natural.getTime() };
}

function floorSecond(d: Date): Date {
  return new Date(Math.floor(d.getTime() / 1000) * 1000);
}

function clamp(d: Date, lo: Date, hi: Date): Date {
  return new Date(Math.min(Math.max(d.getTime(), lo.getTime()), hi.getTime()));
}
