import { createReadStream } from 'node:fs';
import type { ParseOptions } from './report-parser.js';
import { parseReport, type ParsedReport } from './parse-report.js';

/** Read size: large chunks keep per-chunk overhead low on multi-GB files while memory stays bounded. */
const CHUNK_BYTES = 1024 * 1024;

/** Parses a report file from disk, streaming; `file` in errors defaults to the path. */
export function parseReportFile(path: string, options: ParseOptions = {}): ParsedReport {
  return parseReport(createReadStream(path, { highWaterMark: CHUNK_BYTES }), { file: path, ...options });
}
