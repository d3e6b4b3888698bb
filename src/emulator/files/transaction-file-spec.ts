import type { EmulatorRegion } from '../regions.js';

/** What a transaction report covers; shared by the refund file and the synthetic layouts. */
export interface TransactionFileSpec {
  seed: number | string;
  /** Distinguishes two files of the same seed (the report id, say). */
  fileId: string;
  start: Date;
  end: Date;
  /** Marketplace: default currency and time zone (default `na`). */
  region?: EmulatorRegion;
  /** ISO 4217, default the region's (USD). JPY amounts have no decimals. */
  currency?: string;
  /** Objects described (each may take one or two rows); default 10–40 from the seed. */
  rows?: number;
  /** `S01-` ids instead of `P01-`. */
  sandbox?: boolean;
  /** A fixed offset written in every timestamp (`-0800`); overrides `timeZone`. */
  utcOffset?: string;
  /** IANA time zone whose offset, with daylight saving, the timestamps carry; default the region's. */
  timeZone?: string;
}
