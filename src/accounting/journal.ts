import type { Account, AccountsConfig } from './accounts.js';
import type { AccountCategory } from './account-category.js';

/**
 * One booking against the clearing account: `amount` (minor units) is debited to `account` when
 * positive and credited when negative; the clearing account takes the opposite side. So every
 * posting balances on its own, and a journal balances by construction.
 */
export interface Posting {
  /** YYYY-MM-DD in the merchant's time zone. */
  date: string;
  category: AccountCategory;
  account: Account;
  amount: bigint;
  text: string;
  /** The Amazon transaction id (detail), or the settlement id (summary). */
  reference: string;
}

/** Why a journal needs a look; the journal is still written. */
export type JournalFlag = 'not-paid-out' | 'suspense' | 'rows-missing';

/** The bookings of one settlement, or of its part in one month when it spans a month end. */
export interface Journal {
  settlementId: string;
  reportId: string;
  sellerId: string | null;
  currency: string;
  /** Booking date: the settlement's end, or the month's last day for an earlier part. */
  date: string;
  /** YYYY-MM of every posting in it. */
  month: string;
  /** 1-based part of the settlement and how many parts it has (1 of 1 unless split). */
  part: number;
  parts: number;
  /** Settlement period as the report gave it (ISO UTC), if it did. */
  start: string | null;
  end: string | null;
  clearing: Account;
  postings: Posting[];
  /** Clearing balance change over the whole settlement (0 when it paid out everything). */
  settlementClearing: bigint;
  flags: JournalFlag[];
  /** TransactionTypes booked on suspense, with their row counts. */
  unknownTypes: Array<{ transactionType: string; rows: number }>;
}

/** What journals are built from and how. */
export interface JournalOptions {
  accounts: AccountsConfig;
  /** One posting per transaction instead of one per account. */
  detail?: boolean;
  /** IANA zone for dates and the month split; default: the report's own offset. */
  timeZone?: string;
  settlementId?: string;
  /** Bounds on the settlement end (ISO): since <= end < until. */
  since?: string;
  until?: string;
}

/** The clearing side of a posting, debit-signed: what it does to the Amazon Pay balance. */
export function clearingAmount(posting: Posting): bigint {
  return -posting.amount;
}

/** Σ of a journal's clearing movements (debit-signed). */
export function journalClearing(journal: Journal): bigint {
  return journal.postings.reduce((sum, p) => sum + clearingAmount(p), 0n);
}
