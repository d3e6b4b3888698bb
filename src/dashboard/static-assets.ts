import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The page's files (built by scripts/build-page.js into dist/dashboard/assets) and their types. */
const FILES: Readonly<Record<string, { file: string; type: string }>> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/app.css': { file: 'app.css', type: 'text/css; charset=utf-8' },
  '/favicon.svg': { file: 'favicon.svg', type: 'image/svg+xml' },
};

/**
 * Where the built page lives: next to this module in the package; when running from source
 * (tests), the build's copy in dist.
 */
export function defaultAssetsDir(): string {
  const beside = fileURLToPath(new URL('./assets/', import.meta.url));
  if (existsSync(join(beside, 'index.html'))) return beside;
  return fileURLToPath(new URL('../../dist/dashboard/assets/', import.meta.url));
}

/** A static file of the page by URL path, read once and kept; undefined for any other path. */
export function staticAssets(dir: string): (path: string) => Promise<{ body: Buffer; type: string } | undefined> {
  const cache = new Map<string, { body: Buffer; type: string }>();
  return async (path) => {
    const entry = FILES[path];
    if (!entry) return undefined;
    const hit = cache.get(path);
    if (hit) return hit;
    const asset = { body: await readFile(join(dir, entry.file)), type: entry.type };
    cache.set(path, asset);
    return asset;
  };
}
