/** What a transaction report covers; shared by the refund file and the synthetic layouts. */
export interface TransactionFileSpec {
  seed: number | string;
  /** Distinguishes two files of the same seed (the report id, say). */
  fileId: string;
  start: Date;
  end: Date;
  /** ISO 4217, default USD. */
  currency?: string;
  /** Objects described (each may take one or two rows); default 10–40 from the seed. */
  rows?: number;
  /** `S01-` ids instead of `P01-`. */
  sandbox?: boolean;
  /** Offset written in timestamps, default `-0800`. */
  utcOffset?: string;
}
