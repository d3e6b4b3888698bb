import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const docs = ['README.md', 'CHANGELOG.md', 'BENCHMARKS.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

describe('documentation', () => {
  it.each(docs)('%s links only to files in the repository', (doc) => {
    const text = readFileSync(join(root, doc), 'utf8');
    const local = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1] ?? '').filter((t) => !/^(https?:|mailto:|#)/.test(t));
    for (const target of local) expect(existsSync(join(root, dirname(doc), target.split('#')[0] ?? '')), `${doc} → ${target}`).toBe(true);
    // Paths into the authors' workspace or its shared specs mean nothing to a reader of the package.
    expect(text).not.toMatch(/\/work\/|`spec\/|report-formats\.md|\bapi\.md\b/);
  });
});
