/** A throwaway PostgreSQL cluster on 127.0.0.1 and a free port, with password auth. */
export interface PostgresCluster {
  /** `postgres://postgres:PASSWORD@127.0.0.1:PORT/postgres`. */
  url: string;
  port: number;
  password: string;
  stop(): void;
}

/**
 * initdb + pg_ctl start in a temp folder. PostgreSQL refuses to run as root, so as root the
 * folder is given to the `postgres` user and the binaries run through `runuser`.
 */
export function startPostgres(): Promise<PostgresCluster>;
