import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';

export const GOLDEN_DIR = join(dirname(fileURLToPath(import.meta.url)), '../fixtures/accounting');

/**
 * Compares bytes with the golden file; `UPDATE_GOLDEN=1 npx vitest run test/accounting` rewrites
 * them (then read the diff before committing).
 */
export function expectGolden(name: string, actual: Buffer): void {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) {
    if (process.env.UPDATE_GOLDEN !== '1') throw new Error(`no golden file ${path}: run with UPDATE_GOLDEN=1 to write it`);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, actual);
  }
  expect(actual.equals(readFileSync(path)), `${name} differs from its golden file (UPDATE_GOLDEN=1 rewrites it)`).toBe(true);
}
