/** A run of bin/amazon-pay-reports.js and the file modules it loaded, relative to the package root (bin/…, dist/…, node_modules/…). */
export interface ModulesLoaded {
  status: number | null;
  stdout: string;
  /** stderr without the loader hook's lines. */
  stderr: string;
  modules: string[];
}

/**
 * Runs the built binary with `args` (cwd the package root, a bare environment unless given) and records what it imported.
 * `bin`: another copy of bin/amazon-pay-reports.js (paths are then relative to that copy's package root).
 */
export function modulesLoaded(args: string[], options?: { cwd?: string; env?: Record<string, string>; bin?: string }): ModulesLoaded;
