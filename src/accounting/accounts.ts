import { readFileSync } from 'node:fs';
import { ConfigError } from '../errors.js';
import type { AccountCategory } from './account-category.js';
import { ACCOUNT_CATEGORIES } from './account-category.js';

/** One ledger account: its number or code in the merchant's chart, and its name. */
export interface Account {
  code: string;
  name: string;
}

/** DATEV batch settings (the EXTF header): the Steuerberater's and the client's numbers. */
export interface DatevSettings {
  /** Beraternummer, 1001–9999999. */
  consultantNumber: number;
  /** Mandantennummer, 1–99999. */
  clientNumber: number;
  /** Sachkontenlänge: digits of a G/L account number (4 for SKR03/SKR04). */
  accountLength: number;
  /** First day of the fiscal year as MM-DD (Wirtschaftsjahr-Beginn), default 01-01. */
  fiscalYearStart: string;
  /** SKR of the chart ("03", "04"), written in the header; empty when none. */
  chart: string;
}

/** accounts.json: the account for every category, plus DATEV settings. */
export interface AccountsConfig {
  accounts: Record<AccountCategory, Account>;
  datev: DatevSettings;
}

export type AccountsPreset = 'skr03' | 'skr04' | 'generic';
export const ACCOUNTS_PRESETS: readonly AccountsPreset[] = ['skr03', 'skr04', 'generic'];

const DATEV_DEFAULTS = { consultantNumber: 1001, clientNumber: 1, accountLength: 4, fiscalYearStart: '01-01' };

/*
 * SKR03/SKR04 numbers are the usual ones for an online shop's payment provider: a Geldtransit
 * account for the clearing (1360 / 1460), the bank (1200 / 1800), Erlöse (8400 / 4400),
 * Nebenkosten des Geldverkehrs for fees (4970 / 6855), Forderungsverluste for chargebacks
 * (2400 / 6930), sonstige Forderungen for the reserve (1500 / 1300) and the Verrechnungskonto for
 * suspense (1590 / 1370). The accountant checks them; the file is theirs to edit.
 */
const PRESETS: Record<AccountsPreset, AccountsConfig> = {
  skr03: {
    accounts: {
      clearing: { code: '1360', name: 'Geldtransit Amazon Pay' },
      bank: { code: '1200', name: 'Bank' },
      revenue: { code: '8400', name: 'Erlöse Amazon Pay' },
      refunds: { code: '8400', name: 'Erlöse Amazon Pay (Erstattungen)' },
      feesPercentage: { code: '4970', name: 'Nebenkosten des Geldverkehrs (prozentual)' },
      feesFixed: { code: '4970', name: 'Nebenkosten des Geldverkehrs (fix)' },
      feesOther: { code: '4970', name: 'Nebenkosten des Geldverkehrs' },
      chargebacks: { code: '2400', name: 'Forderungsverluste (Rückbelastungen)' },
      adjustments: { code: '4970', name: 'Korrekturen Amazon Pay' },
      reserve: { code: '1500', name: 'Sonstige Vermögensgegenstände (Amazon-Reserve)' },
      suspense: { code: '1590', name: 'Durchlaufende Posten (ungeklärt)' },
    },
    datev: { ...DATEV_DEFAULTS, chart: '03' },
  },
  skr04: {
    accounts: {
      clearing: { code: '1460', name: 'Geldtransit Amazon Pay' },
      bank: { code: '1800', name: 'Bank' },
      revenue: { code: '4400', name: 'Erlöse Amazon Pay' },
      refunds: { code: '4400', name: 'Erlöse Amazon Pay (Erstattungen)' },
      feesPercentage: { code: '6855', name: 'Nebenkosten des Geldverkehrs (prozentual)' },
      feesFixed: { code: '6855', name: 'Nebenkosten des Geldverkehrs (fix)' },
      feesOther: { code: '6855', name: 'Nebenkosten des Geldverkehrs' },
      chargebacks: { code: '6930', name: 'Forderungsverluste (Rückbelastungen)' },
      adjustments: { code: '6855', name: 'Korrekturen Amazon Pay' },
      reserve: { code: '1300', name: 'Sonstige Vermögensgegenstände (Amazon-Reserve)' },
      suspense: { code: '1370', name: 'Durchlaufende Posten (ungeklärt)' },
    },
    datev: { ...DATEV_DEFAULTS, chart: '04' },
  },
  generic: {
    accounts: {
      clearing: { code: '1105', name: 'Amazon Pay clearing' },
      bank: { code: '1000', name: 'Bank' },
      revenue: { code: '4000', name: 'Sales' },
      refunds: { code: '4010', name: 'Refunds' },
      feesPercentage: { code: '6100', name: 'Amazon Pay fees (percentage)' },
      feesFixed: { code: '6110', name: 'Amazon Pay fees (fixed)' },
      feesOther: { code: '6120', name: 'Amazon Pay fees (other)' },
      chargebacks: { code: '6200', name: 'Chargebacks' },
      adjustments: { code: '6300', name: 'Amazon Pay adjustments' },
      reserve: { code: '1110', name: 'Amazon Pay reserved balance' },
      suspense: { code: '9999', name: 'Suspense' },
    },
    datev: { ...DATEV_DEFAULTS, chart: '' },
  },
};

/** A preset chart, as `accounts init --preset` writes it. */
export function accountsPreset(preset: AccountsPreset): AccountsConfig {
  return structuredClone(PRESETS[preset]);
}

/** Reads and checks accounts.json: a ConfigError naming the field and the fix for anything wrong. */
export function loadAccounts(path: string): AccountsConfig {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new ConfigError(`cannot read the accounts file ${path}: write one with \`amazon-pay-reports accounts init --preset skr03\` or pass --accounts`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`accounts file ${path} is not valid JSON (${(error as Error).message}): fix it or write a fresh one with \`accounts init\``);
  }
  return parseAccounts(value, path);
}

/** Checks a parsed accounts.json; categories left out are taken from the generic chart's names. */
export function parseAccounts(value: unknown, where = 'accounts.json'): AccountsConfig {
  const bad = (field: string, why: string): never => {
    throw new ConfigError(`${where}: ${field} ${why}`);
  };
  if (!isObject(value) || !isObject(value.accounts)) return bad('"accounts"', 'must be an object mapping each category to { "code", "name" }');
  const accounts = {} as Record<AccountCategory, Account>;
  for (const category of ACCOUNT_CATEGORIES) {
    const entry = value.accounts[category];
    if (!isObject(entry)) return bad(`"accounts.${category}"`, 'is missing: every category needs { "code", "name" } (see docs/accounting.md)');
    const { code, name } = entry;
    if (typeof code !== 'string' || !/^[A-Za-z0-9._-]{1,20}$/.test(code)) return bad(`"accounts.${category}.code"`, 'must be 1-20 letters, digits, ".", "_" or "-"');
    if (typeof name !== 'string' || name.trim() === '') return bad(`"accounts.${category}.name"`, 'must be a non-empty string');
    accounts[category] = { code, name };
  }
  const unknown = Object.keys(value.accounts).filter((k) => !(ACCOUNT_CATEGORIES as readonly string[]).includes(k));
  if (unknown.length > 0) bad(`"accounts.${unknown[0]}"`, `is not a category: use ${ACCOUNT_CATEGORIES.join(', ')}`);
  const d = isObject(value.datev) ? value.datev : {};
  const int = (field: string, v: unknown, min: number, max: number, fallback: number): number => {
    if (v === undefined) return fallback;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) return bad(`"datev.${field}"`, `must be a whole number from ${min} to ${max}`);
    return v;
  };
  const fiscalYearStart = d.fiscalYearStart ?? DATEV_DEFAULTS.fiscalYearStart;
  if (typeof fiscalYearStart !== 'string' || !/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/.test(fiscalYearStart)) bad('"datev.fiscalYearStart"', 'must be MM-DD, e.g. "01-01"');
  const chart = d.chart ?? '';
  if (typeof chart !== 'string' || !/^(\d{2})?$/.test(chart)) bad('"datev.chart"', 'must be "03", "04" or ""');
  return {
    accounts,
    datev: {
      consultantNumber: int('consultantNumber', d.consultantNumber, 1001, 9_999_999, DATEV_DEFAULTS.consultantNumber),
      clientNumber: int('clientNumber', d.clientNumber, 1, 99_999, DATEV_DEFAULTS.clientNumber),
      accountLength: int('accountLength', d.accountLength, 4, 8, DATEV_DEFAULTS.accountLength),
      fiscalYearStart: fiscalYearStart as string,
      chart: chart as string,
    },
  };
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
