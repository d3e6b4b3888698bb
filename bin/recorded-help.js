'use strict';
// What bin/amazon-pay-reports.js loads for the top-level help only; CommonJS like it (bin/package.json).
const { readFileSync, statSync } = require('node:fs');
const { dirname, join } = require('node:path');

const root = join(__dirname, '..');

/**
 * The top-level help as `npm run build` recorded it from the CLI (scripts/render-help.mjs), when
 * the CLI would now print exactly those bytes on `stream`; otherwise undefined, and the CLI runs.
 * A recorded text rather than a copy of commander's layout: it cannot drift from what commander
 * prints, and anything it does not cover (another width, commander, build) falls back to the real thing.
 */
function recordedHelp(stream) {
  try {
    const help = JSON.parse(readFileSync(join(root, 'dist', 'cli', 'top-level-help.json'), 'utf8'));
    // The CLI lays help out for a terminal's width up to 80 columns (src/cli/main.ts helpWidth), and
    // for 80 when there is no terminal (0 columns stays 0); the help has no colour codes (the
    // render checks), so nothing else varies.
    const columns = stream.isTTY ? stream.columns : undefined;
    if ((columns === undefined ? 80 : Math.min(columns, 80)) !== help.width) return undefined;
    // Dependencies are ranges: this install's commander may lay help out otherwise than the build's.
    if (commanderVersion(join(root, 'dist', 'cli')) !== help.commander) return undefined;
    // A CLI module rebuilt since (tsc without the render) that changed the help.
    for (const [source, size] of Object.entries(help.sources)) if (statSync(join(root, source)).size !== size) return undefined;
    return typeof help.text === 'string' ? help.text : undefined;
  } catch {
    return undefined; // not rendered (a build by tsc alone) or unreadable: the CLI knows
  }
}

/**
 * The version of the commander an import from `dir` gets: the first node_modules/commander up the
 * tree, as ES module resolution looks (require.resolve does the same but costs 2 ms here).
 */
function commanderVersion(dir) {
  for (;;) {
    try {
      return JSON.parse(readFileSync(join(dir, 'node_modules', 'commander', 'package.json'), 'utf8')).version;
    } catch (error) {
      if ((error.code !== 'ENOENT' && error.code !== 'ENOTDIR') || dirname(dir) === dir) return undefined;
      dir = dirname(dir);
    }
  }
}

module.exports = { recordedHelp };
