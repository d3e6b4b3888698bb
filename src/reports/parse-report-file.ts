import { createReadStream } from 'node:fs';
import type { ParseOptions } from './report-parser.js';
import { parseReport, type ParsedReport } from './parse-report.js';

/**
 * Read size. Measured: 64 KiB beats 1 MiB on both speed and peak RSS (84 vs 161 MiB on 80 MB),
 * because each batch's records die young instead of being promoted to the old generation.
 */
const CHUNK_BYTES = 64 * 1024;

/** Parses a report file from disk, streaming; `file` in errors defaults to the path. */
export function parseReportFile(path: string, options: ParseOptions = {}): ParsedReport {
  return parseReport(createReadStream(path, { highWaterMark: CHUNK_BYTES }), { file: path, ...options });
}
