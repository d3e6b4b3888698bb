// Renders the top-level help into dist/cli/top-level-help.json, so that bin/amazon-pay-reports.js
// can print it without loading the CLI and commander (bench/cli.bench.js). Run by `npm run build`,
// after tsc. The text is what the built binary itself prints for `--help` with stdout not a
// terminal, where commander wraps to 80 columns; with it go what else decides those bytes (the
// commander version, the CLI modules it came from), so that the bin prints it only where the CLI
// would print the very same and runs the CLI everywhere else.
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { modulesLoaded } from './modules-loaded.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const file = join(root, 'dist/cli/top-level-help.json');

// Without the file the binary runs the CLI: what is recorded is the CLI's own output.
rmSync(file, { force: true });
const run = modulesLoaded(['--help']);
if (run.status !== 0 || run.stderr !== '' || !run.modules.includes(join('dist', 'cli', 'main.js')))
  throw new Error(`render-help: \`amazon-pay-reports --help\` exited ${run.status} (stderr: ${JSON.stringify(run.stderr)}); run tsc first`);
// Commander strips colour codes when the output has no colours (not a terminal, NO_COLOR), so a
// help with them would differ between the two; the bin does not tell them apart.
if (run.stdout.includes('\x1b'))
  throw new Error('render-help: the top-level help holds escape codes, which commander strips only without colours; teach bin/amazon-pay-reports.js about colour first');

// `/` on Windows too; paths outside the package are absolute.
const modules = run.modules.map((m) => m.split(sep).join('/'));
// The commander that printed it.
const PACKAGE = 'node_modules/commander/';
const loaded = modules.find((m) => m.includes(PACKAGE));
if (!loaded) throw new Error('render-help: `amazon-pay-reports --help` did not load commander');
const commander = resolve(root, loaded.slice(0, loaded.indexOf(PACKAGE) + PACKAGE.length), 'package.json');
const sources = modules.filter((m) => m.startsWith('dist/'));
writeFileSync(file, `${JSON.stringify({
  width: 80, // commander's width for a stream that is not a terminal (Help.prepareContext)
  commander: JSON.parse(readFileSync(commander, 'utf8')).version,
  // Sizes only: a build by tsc alone that changed the help shows in them, and an install (whose
  // files' times are when they were unpacked, in any order) leaves them as they are.
  sources: Object.fromEntries(sources.map((s) => [s, statSync(join(root, s)).size])),
  text: run.stdout,
}, null, 1)}\n`);
