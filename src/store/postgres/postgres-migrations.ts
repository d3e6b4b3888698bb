/**
 * The PostgreSQL schema, one SQL step per version (table `apr_schema` records how many ran).
 * The same tables as the SQLite engine's migrations 001–004, every one keyed by merchant so one
 * database holds many merchants' ledgers. Text is `ctext` (collation "C"): byte order, as
 * SQLite compares, so ISO times and ids sort the same in both engines. Never edit a shipped step.
 */
export const POSTGRES_MIGRATIONS: readonly string[] = [
  `
  CREATE DOMAIN ctext AS text COLLATE "C";

  CREATE TABLE reports (
    merchant ctext NOT NULL,
    report_id ctext NOT NULL,
    report_type ctext NOT NULL,
    processing_status ctext NOT NULL,
    created_time ctext NOT NULL,
    start_time ctext, end_time ctext, processing_start_time ctext, processing_end_time ctext,
    report_document_id ctext,
    first_seen_at ctext NOT NULL,
    updated_at ctext NOT NULL,
    file_path ctext, bytes bigint, sha256 ctext, downloaded_at ctext,
    attempts integer NOT NULL DEFAULT 0,
    last_error ctext,
    PRIMARY KEY (merchant, report_id)
  );
  -- listReports and reportsNeedingWork read in created_time order per merchant.
  CREATE INDEX reports_created ON reports (merchant, created_time, report_id);

  CREATE TABLE sync_runs (
    id bigserial PRIMARY KEY,
    merchant ctext NOT NULL,
    started_at ctext NOT NULL, finished_at ctext, status ctext NOT NULL,
    listed integer NOT NULL DEFAULT 0, downloaded integer NOT NULL DEFAULT 0, skipped integer NOT NULL DEFAULT 0,
    failed integer NOT NULL DEFAULT 0, api_calls integer NOT NULL DEFAULT 0, error ctext
  );
  CREATE INDEX sync_runs_merchant ON sync_runs (merchant, id);

  CREATE TABLE checkpoint (
    merchant ctext NOT NULL, name ctext NOT NULL, value ctext NOT NULL,
    PRIMARY KEY (merchant, name)
  );

  CREATE TABLE disbursements (
    merchant ctext NOT NULL,
    amazon_disbursement_reference_id ctext NOT NULL,
    settlement_id ctext NOT NULL, amount ctext NOT NULL, currency_code ctext NOT NULL,
    transaction_time ctext NOT NULL, seller_id ctext,
    PRIMARY KEY (merchant, amazon_disbursement_reference_id)
  );
  CREATE INDEX disbursements_time ON disbursements (merchant, transaction_time);

  CREATE SEQUENCE report_imports_seq;
  CREATE TABLE report_imports (
    merchant ctext NOT NULL, report_id ctext NOT NULL, report_type ctext NOT NULL, report_kind ctext NOT NULL,
    file_path ctext NOT NULL, sha256 ctext NOT NULL, bytes bigint NOT NULL, row_count integer NOT NULL,
    warning_count integer NOT NULL, imported_at ctext NOT NULL, seq bigint NOT NULL,
    PRIMARY KEY (merchant, report_id)
  );

  CREATE TABLE settlement_rows (
    merchant ctext NOT NULL, report_id ctext NOT NULL, line integer NOT NULL,
    settlement_id ctext NOT NULL, posted_at ctext NOT NULL, posted_at_raw ctext NOT NULL,
    amazon_transaction_id ctext, seller_reference_id ctext, transaction_type ctext NOT NULL,
    amazon_order_reference_id ctext, seller_order_id ctext, store_name ctext, currency_code ctext NOT NULL,
    description ctext, amount ctext NOT NULL, percentage_fee ctext NOT NULL, fixed_fee ctext NOT NULL,
    total_fee ctext NOT NULL, net ctext NOT NULL, extra ctext,
    PRIMARY KEY (merchant, report_id, line)
  );
  -- Exports stream rows in posted order page by page (keyset), so this index serves them.
  CREATE INDEX settlement_rows_posted ON settlement_rows (merchant, posted_at, report_id, line);

  CREATE TABLE settlements (
    merchant ctext NOT NULL, settlement_id ctext NOT NULL, report_id ctext NOT NULL, report_type ctext NOT NULL,
    seller_id ctext, start_raw ctext, start_at ctext, end_raw ctext, end_at ctext, currency ctext NOT NULL,
    row_count integer NOT NULL, captures ctext NOT NULL, refunds ctext NOT NULL, fees ctext NOT NULL,
    chargebacks ctext NOT NULL, adjustments ctext NOT NULL, reserve ctext NOT NULL, net ctext NOT NULL,
    payout ctext NOT NULL, transfer_count integer NOT NULL, first_posted_at ctext, last_posted_at ctext,
    active boolean NOT NULL DEFAULT false,
    PRIMARY KEY (merchant, settlement_id, report_id)
  );
  CREATE INDEX settlements_report ON settlements (merchant, report_id);

  CREATE TABLE transaction_rows (
    merchant ctext NOT NULL, report_id ctext NOT NULL, line integer NOT NULL, report_kind ctext NOT NULL, record ctext NOT NULL,
    PRIMARY KEY (merchant, report_id, line)
  );

  CREATE TABLE report_warnings (
    merchant ctext NOT NULL, report_id ctext NOT NULL, line integer, code ctext NOT NULL, message ctext NOT NULL
  );
  CREATE INDEX report_warnings_report ON report_warnings (merchant, report_id, line);

  CREATE TABLE store_meta (
    merchant ctext NOT NULL, key ctext NOT NULL, value ctext NOT NULL,
    PRIMARY KEY (merchant, key)
  );
  `,
  `
  -- Merchants as data (multi-merchant mode). The private key is never stored: only the path of
  -- its file, which every worker machine must be able to read (docs/postgres.md, threat model).
  CREATE TABLE merchants (
    name ctext PRIMARY KEY,
    public_key_id ctext NOT NULL,
    private_key_file ctext NOT NULL,
    region ctext NOT NULL,
    environment ctext NOT NULL,
    endpoint ctext,
    report_types ctext,
    every_seconds integer NOT NULL,
    rate_per_second double precision,
    rate_burst double precision,
    created_at ctext NOT NULL,
    next_due_at ctext NOT NULL
  );
  -- The scheduler claims due merchants by time.
  CREATE INDEX merchants_due ON merchants (next_due_at);
  `,
  `
  -- The per-merchant API rate budget every worker shares: a token bucket per merchant, refilled by
  -- the server's clock (one clock for all machines), taken under the row lock.
  CREATE TABLE rate_buckets (
    merchant ctext PRIMARY KEY,
    tokens double precision NOT NULL,
    updated_at timestamptz NOT NULL
  );
  `,
  `
  -- The reports sync --backfill created, one per merchant, report type and range: recorded right
  -- after Create Report answers, so a rerun never asks twice (the idempotency key follows from
  -- the range and attempt, so a kill before this row is written cannot create a second one).
  CREATE TABLE backfill_requests (
    merchant ctext NOT NULL,
    report_type ctext NOT NULL,
    start_time ctext NOT NULL,
    end_time ctext NOT NULL,
    attempt integer NOT NULL,
    report_id ctext NOT NULL,
    state ctext NOT NULL,
    requested_at ctext NOT NULL,
    updated_at ctext NOT NULL,
    error ctext,
    PRIMARY KEY (merchant, report_type, start_time, end_time)
  );
  `,
  `
  -- What a worker learned of a merchant's quota, for every worker: the rate a 429 cut the bucket
  -- to and when; it doubles back towards the ceiling every minute after.
  ALTER TABLE rate_buckets ADD COLUMN cut_rate double precision, ADD COLUMN cut_at timestamptz;
  `,
];
