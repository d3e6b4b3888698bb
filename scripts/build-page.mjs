// Bundles the dashboard page (src/dashboard/page) with uPlot into dist/dashboard/assets: one
// script, one stylesheet, the HTML and the icon. Run by `npm run build`; nothing is fetched at run time.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import process from 'node:process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const page = join(root, 'src/dashboard/page');
const out = process.argv[2] ?? join(root, 'dist/dashboard/assets');
mkdirSync(out, { recursive: true });

await build({
  entryPoints: [join(page, 'main.ts')],
  bundle: true, format: 'esm', target: 'es2022', minify: true, legalComments: 'eof',
  outfile: join(out, 'app.js'), logLevel: 'warning',
});
const uplotCss = createRequire(import.meta.url).resolve('uplot/dist/uPlot.min.css');
writeFileSync(join(out, 'app.css'), `${readFileSync(uplotCss, 'utf8')}\n${readFileSync(join(page, 'style.css'), 'utf8')}`);
for (const f of ['index.html', 'favicon.svg']) copyFileSync(join(page, f), join(out, f));
