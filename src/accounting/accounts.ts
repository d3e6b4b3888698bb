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

/** Account names of the German presets: SKR03 and SKR04 differ in numbers only. */
const GERMAN_NAMES: Record<AccountCategory, string> = {
  clearing: 'Geldtransit Amazon Pay', bank: 'Bank', revenue: 'Erlöse Amazon Pay', refunds: 'Erlöse Amazon Pay (Erstattungen)',
  feesPercentage: 'Nebenkosten des Geldverkehrs (prozentual)', feesFixed: 'Nebenkosten des Geldverkehrs (fix)',
  feesOther: 'Nebenkosten des Geldverkehrs', chargebacks: 'Forderungsverluste (Rückbelastungen)', adjustments: 'Korrekturen Amazon Pay',
  reserve: 'Sonstige Vermögensgegenstände (Amazon-Reserve)', suspense: 'Durchlaufende Posten (ungeklärt)',
};

const GENERIC_NAMES: Record<AccountCategory, string> = {
  clearing: 'Amazon Pay clearing', bank: 'Bank', revenue: 'Sales', refunds: 'Refunds', feesPercentage: 'Amazon Pay fees (percentage)',
  feesFixed: 'Amazon Pay fees (fixed)', feesOther: 'Amazon Pay fees (other)', chargebacks: 'Chargebacks', adjustments: 'Amazon Pay adjustments',
  reserve: 'Amazon Pay reserved balance', suspense: 'Suspense',
};

/** A chart from one code per category (in ACCOUNT_CATEGORIES order) and the names. */
function chart(codes: readonly string[], names: Record<AccountCategory, string>, skr: string): AccountsConfig {
  const order: AccountCategory[] = ['clearing', 'bank', 'revenue', 'refunds', 'feesPercentage', 'feesFixed', 'feesOther', 'chargebacks', 'adjustments', 'reserve', 'suspense'];
  const accounts = Object.fromEntries(order.map((c, i) => [c, { code: codes[i] ?? '', name: names[c] }])) as Record<AccountCategory, Account>;
  return { accounts, datev: { ...DATEV_DEFAULTS, chart: skr } };
}

/*
 * SKR03/SKR04 numbers are the usual ones for an online shop's payment provider: a Geldtransit
 * account for the clearing (1360 / 1460), the bank (1200 / 1800), Erlöse (8400 / 4400),
 * Nebenkosten des Geldverkehrs for fees (4970 / 6855), Forderungsverluste for chargebacks
 * (2400 / 6930), sonstige Vermögensgegenstände for the reserve (1500 / 1300) and durchlaufende
 * Posten for suspense (1590 / 1370). The accountant checks them; the file is theirs to edit.
 * Order: clearing, bank, revenue, refunds, fees (percentage, fixed, other), chargebacks,
 * adjustments, reserve, suspense.
 */
const PRESETS: Record<AccountsPreset, AccountsConfig> = {
  skr03: chart(['1360', '1200', '8400', '8400', '4970', '4970', '4970', '2400', '4970', '1500', '1590'], GERMAN_NAMES, '03'),
  skr04: chart(['1460', '1800', '4400', '4400', '6855', '6855', '6855', '6930', '6855', '1300', '1370'], GERMAN_NAMES, '04'),
  generic: chart(['1105', '1000', '4000', '4010', '6100', '6110', '6120', '6200', '6300', '1110', '9999'], GENERIC_NAMES, ''),
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
