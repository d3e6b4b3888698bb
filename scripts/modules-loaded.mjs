// Which modules, the package's own and its dependencies' (ES and CommonJS), a run of the CLI binary loads: for
// the lazy-loading tests, bench/cli.bench.js and scripts/render-help.mjs (plain JS, so all can load it; types
// in modules-loaded.d.mts).
import { spawnSync } from 'node:child_process';
import process from 'node:process';
import { URL, fileURLToPath, pathToFileURL } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/amazon-pay-reports.js', import.meta.url));
const MARK = 'apr-module-loaded ';
// A loader hook (it runs on the loader's thread) that names every file module as it is loaded.
const HOOKS = `export async function load(url, context, next) {
  if (url.startsWith('file:')) console.error(${JSON.stringify(MARK)} + url);
  return next(url, context);
}`;
// The ES modules go through the hook as they load; the CommonJS ones are in require's cache at exit.
const register = (bin) => `import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';
register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(HOOKS)}`)});
const cache = createRequire(${JSON.stringify(bin)}).cache;
process.on('exit', () => {
  for (const file of Object.keys(cache)) console.error(${JSON.stringify(MARK)} + pathToFileURL(file).href);
});`;

export function modulesLoaded(args, options = {}) {
  const bin = options.bin ?? BIN;
  // The package the binary belongs to: bin/ sits at its root.
  const root = fileURLToPath(new URL('../', pathToFileURL(bin)));
  const r = spawnSync(process.execPath, ['--import', `data:text/javascript,${encodeURIComponent(register(bin))}`, bin, ...args], {
    cwd: options.cwd ?? root, env: options.env ?? { PATH: process.env['PATH'] ?? '' }, encoding: 'utf8',
  });
  const modules = new Set();
  const stderr = [];
  for (const line of r.stderr.split('\n')) {
    if (line.startsWith(MARK)) {
      const path = fileURLToPath(line.slice(MARK.length));
      modules.add(path.startsWith(root) ? path.slice(root.length) : path);
    } else stderr.push(line);
  }
  return { status: r.status, stdout: r.stdout, stderr: stderr.join('\n'), modules: [...modules] };
}
