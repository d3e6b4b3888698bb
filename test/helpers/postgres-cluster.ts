// The implementation is plain JS so that the benchmarks can load it too.
export { startPostgres, type PostgresCluster } from '../../scripts/postgres-cluster.mjs';
