import { join } from 'node:path';
import type { Report } from '../client/types.js';
import { parseTime } from '../dates.js';
import { DownloadError } from '../errors.js';
import { shortReportType } from '../report-types.js';

/** `<outDir>/<type-short>/<YYYY-MM-DD>_<reportId>.<ext>`, built from sanitised ids only (never trusted as paths). */
export function reportFilePath(outDir: string, report: Pick<Report, 'reportId' | 'reportType' | 'createdTime' | 'startTime'>): string {
  // Trimmed of dashes too: a folder named `-x` reads as an option to shell tools.
  const folder = shortReportType(report.reportType).replace(/^-+|-+$/g, '') || 'unknown';
  return join(outDir, folder, reportFileName(report));
}

/** The file name part of `reportFilePath`. */
export function reportFileName(report: Pick<Report, 'reportId' | 'reportType' | 'createdTime' | 'startTime'>): string {
  const id = sanitizeId(report.reportId);
  const when = parseTime(report.startTime ?? '') ?? parseTime(report.createdTime);
  const day = when ? when.toISOString().slice(0, 10) : 'undated';
  return `${day}_${id}.${reportFileExtension(report.reportType)}`;
}

/** `csv` for settlement and CSV report types, `txt` for the other flat files. */
export function reportFileExtension(reportType: string): 'csv' | 'txt' {
  const short = shortReportType(reportType);
  return short.endsWith('settlement') || /(^|_)CSV(_|$)/.test(reportType) ? 'csv' : 'txt';
}

/** Maps an id to `[A-Za-z0-9._-]`; DownloadError for ids that would be empty or contain `..`. */
export function sanitizeId(id: string): string {
  const clean = id.replace(/[^A-Za-z0-9._-]/g, '_');
  if (!/[A-Za-z0-9]/.test(clean) || clean.includes('..') || clean.length > 200) {
    throw new DownloadError(`refusing report id ${JSON.stringify(id.slice(0, 80))}: it cannot be made into a safe file name`);
  }
  return clean;
}
