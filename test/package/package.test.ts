import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  license: string;
  repository?: { url: string };
  bugs?: { url: string };
  homepage?: string;
  scripts: Record<string, string>;
};
const attw = join(root, 'node_modules', '.bin', 'attw');

/** What `npm pack` would put in the tarball (no scripts run, nothing written). */
function packedFiles(): string[] {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: root, encoding: 'utf8' });
  return (JSON.parse(out) as Array<{ files: Array<{ path: string }> }>)[0]!.files.map((f) => f.path);
}

describe('the published package', () => {
  let files: string[];
  beforeAll(() => {
    // `npm test` builds before vitest; run alone, build here if dist is missing.
    if (!existsSync(join(root, 'dist', 'index.js'))) execFileSync('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: root, stdio: 'pipe' });
    files = packedFiles();
  }, 180_000);

  it('ships an MIT LICENSE and says where the project lives', () => {
    expect(pkg.license).toBe('MIT');
    expect(files).toContain('LICENSE');
    const license = readFileSync(join(root, 'LICENSE'), 'utf8');
    expect(license).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} amazon-pay-reports contributors\n/);
    expect(pkg.repository?.url).toBe('git+https://github.com/amazon-pay-reports/amazon-pay-reports.git');
    expect(pkg.bugs?.url).toBe('https://github.com/amazon-pay-reports/amazon-pay-reports/issues');
    expect(pkg.homepage).toMatch(/^https:\/\/github\.com\/amazon-pay-reports\/amazon-pay-reports/);
  });

  it('has no source maps pointing at sources it does not ship', () => {
    const maps = files.filter((f) => f.endsWith('.map'));
    const shippedSources = files.filter((f) => f.startsWith('src/'));
    expect(maps.length === 0 || shippedSources.length > 0).toBe(true);
    for (const f of files.filter((p) => p.endsWith('.js') && p.startsWith('dist/'))) {
      expect(readFileSync(join(root, f), 'utf8'), f).not.toMatch(/sourceMappingURL/);
    }
  });

  it('runs no build for the people who install it; `npm start` builds first on a clone', () => {
    for (const hook of ['prepare', 'preinstall', 'install', 'postinstall', 'prepublish']) expect(pkg.scripts[hook], hook).toBeUndefined();
    expect(pkg.scripts['start']).toMatch(/^npm run build && node bin\/amazon-pay-reports\.js sync$/);
  });

  it('resolves both entry points, types included, under every moduleResolution attw checks (node10 too)', () => {
    expect(files).toContain('emulator/package.json');
    const r = spawnSync(attw, ['--pack', '.', '--format', 'json', '--ignore-rules', 'cjs-resolves-to-esm'], { cwd: root, encoding: 'utf8' });
    const report = JSON.parse(r.stdout) as { problems?: Record<string, unknown[]> };
    // An ESM-only package: require() from CommonJS gets "ESM, dynamic import only", which is expected.
    expect(Object.keys(report.problems ?? {}).filter((k) => k !== 'CJSResolvesToESM')).toEqual([]);
    expect(r.status).toBe(0);
  }, 120_000);
});
