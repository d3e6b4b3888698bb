import type { Merchant } from './merchant.js';

/** The merchants of a multi-merchant database, and the schedule that says when each is due. */
export interface MerchantRegistry {
  /** Adds a merchant; a ConfigError when the name exists. */
  add(merchant: Omit<Merchant, 'createdAt' | 'nextDueAt'>): Promise<Merchant>;
  list(): Promise<Merchant[]>;
  get(name: string): Promise<Merchant | undefined>;
  /** Removes the merchant (its history stays unless `purge`); false when there was none. */
  remove(name: string, options?: { purge?: boolean }): Promise<boolean>;
  /** Merchants due at `now`, each moved to its next due time in the same statement: of many schedulers, one claims each. */
  claimDue(now: Date): Promise<Merchant[]>;
  close(): Promise<void>;
}
