import { readFileSync } from 'node:fs';

/** `amazon-pay-reports/<version> (Node/<version>)`; the package version is read from package.json. */
export function defaultUserAgent(): string {
  let version = '0.0.0';
  try {
    // src/client and dist/client are both two levels below the package root.
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown };
    if (typeof pkg.version === 'string') version = pkg.version;
  } catch {
    // A bundled copy without package.json still works; the version is only informative.
  }
  return `amazon-pay-reports/${version} (Node/${process.versions.node})`;
}
