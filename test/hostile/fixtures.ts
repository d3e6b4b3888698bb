import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { startHostileServer, type HostileServer } from './hostile-server.js';

/** Servers and temp folders for one test file, closed and removed after each test. */
export function hostileFixtures(): { serve: typeof startHostileServer; tempDir: () => string } {
  const servers: HostileServer[] = [];
  const dirs: string[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });
  return {
    serve: async (handler) => {
      const server = await startHostileServer(handler);
      servers.push(server);
      return server;
    },
    tempDir: () => {
      const dir = mkdtempSync(join(tmpdir(), 'apr-hostile-'));
      dirs.push(dir);
      return dir;
    },
  };
}
