import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../../src/store/open-store.js';
import { storeContract } from './store-contract.js';

storeContract('SQLite', () => {
  const dir = mkdtempSync(join(tmpdir(), 'apr-store-'));
  const path = join(dir, 'a.db');
  return {
    open: (now) => openStore(path, { now }),
    reopenReadOnly: () => openStore(path, { readOnly: true }),
    cleanup: () => Promise.resolve(rmSync(dir, { recursive: true, force: true })),
  };
});
