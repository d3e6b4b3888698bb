import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const MiB = 1024 * 1024;

/** The most a case may grow this process's memory: well under the 200 MB the issue sets. */
export const MEMORY_BOUND = 100 * MiB;

/** Peaks seen while a case ran: growth of RSS and of JS heap + buffers over the start, and bytes on disk under `dir`. */
export interface Peaks {
  rssGrowth: number;
  heapGrowth: number;
  diskBytes: number;
}

/**
 * Runs `fn` while sampling process.memoryUsage() (and the size of `dir`) every few ms, and
 * returns its outcome (value or error) with the peaks. Samples run on the event loop, between the
 * chunks the case reads, so a body being buffered shows up.
 */
export async function measure<T>(fn: () => Promise<T>, dir?: string): Promise<{ outcome: { value: T } | { error: unknown }; peaks: Peaks }> {
  const start = process.memoryUsage();
  const heapOf = (m: NodeJS.MemoryUsage): number => m.heapUsed + m.arrayBuffers + m.external;
  const peaks: Peaks = { rssGrowth: 0, heapGrowth: 0, diskBytes: 0 };
  const sample = (): void => {
    const m = process.memoryUsage();
    peaks.rssGrowth = Math.max(peaks.rssGrowth, m.rss - start.rss);
    peaks.heapGrowth = Math.max(peaks.heapGrowth, heapOf(m) - heapOf(start));
    if (dir) peaks.diskBytes = Math.max(peaks.diskBytes, bytesUnder(dir));
  };
  const timer = setInterval(sample, 5);
  try {
    const value = await fn();
    return { outcome: { value }, peaks };
  } catch (error) {
    return { outcome: { error }, peaks };
  } finally {
    clearInterval(timer);
    sample();
  }
}

function bytesUnder(dir: string): number {
  let total = 0;
  try {
    for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (e.isFile()) total += statSync(join(e.parentPath, e.name), { throwIfNoEntry: false })?.size ?? 0;
    }
  } catch {
    // The folder may not exist yet.
  }
  return total;
}

/** The error a hostile case must end in: ours, one line, naming the problem, no raw zlib/undici text. */
export function clearError(outcome: { value: unknown } | { error: unknown }): Error {
  if (!('error' in outcome)) throw new Error(`the case succeeded: ${JSON.stringify(outcome.value)?.slice(0, 200)}`);
  return outcome.error as Error;
}

/** Text that betrays a raw error leaking through: zlib's or undici's own wording, a stack frame. */
export const RAW_ERROR = /incorrect header check|invalid block type|unexpected end of file|fetch failed|\bterminated\b|other side closed|Parse Error|undici|\n\s+at /i;
