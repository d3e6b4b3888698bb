import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { AmazonPayError, ConfigError } from '../errors.js';

const NAMES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** The first Chromium on PATH (or CHROMIUM_PATH when set); undefined when none is installed. */
export function findChromium(env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (env.CHROMIUM_PATH) return existsSync(env.CHROMIUM_PATH) ? env.CHROMIUM_PATH : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of NAMES) if (existsSync(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** Prints an HTML file to PDF with headless Chromium, offline, in a throwaway profile. */
export async function printToPdf(htmlFile: string, pdfFile: string, env: Readonly<Record<string, string | undefined>>): Promise<void> {
  const chromium = findChromium(env);
  if (!chromium) throw new ConfigError(`--pdf needs Chromium and none was found on PATH (${NAMES.join(', ')}): install it (Debian: apt-get install chromium) or set CHROMIUM_PATH`);
  const profile = await mkdtemp(join(tmpdir(), 'apr-pdf-'));
  try {
    await new Promise<void>((resolve, reject) => {
      execFile(chromium, [
        '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
        '--disable-component-update', '--disable-sync', `--user-data-dir=${profile}`, '--no-pdf-header-footer',
        `--print-to-pdf=${pdfFile}`, pathToFileURL(htmlFile).href,
      ], { timeout: 120_000 }, (err, _stdout, stderr) => {
        if (err) reject(new AmazonPayError(`Chromium could not print ${htmlFile} to PDF: ${(stderr.trim().split('\n').pop() ?? err.message).slice(0, 300)}`));
        else resolve();
      });
    });
    if (!existsSync(pdfFile)) throw new AmazonPayError(`Chromium printed nothing to ${pdfFile}`);
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}
