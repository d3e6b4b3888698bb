import { afterAll, beforeAll } from 'vitest';
import { openStore } from '../../src/store/open-store.js';
import { startPostgres, type PostgresCluster } from '../helpers/postgres-cluster.js';
import { storeContract } from './store-contract.js';

// One throwaway cluster for the file; each test gets a merchant of its own, which is all the
// isolation the engine promises (every row is keyed by merchant).
let cluster: PostgresCluster;
beforeAll(async () => {
  cluster = await startPostgres();
}, 60_000);
afterAll(() => cluster.stop());

let n = 0;
storeContract('PostgreSQL', () => {
  const merchant = `contract-${++n}`;
  return {
    open: (now) => openStore(cluster.url, { now, merchant }),
    reopenReadOnly: () => openStore(cluster.url, { readOnly: true, merchant }),
    cleanup: () => Promise.resolve(),
  };
});
