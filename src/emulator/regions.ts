import { ConfigError } from '../errors.js';

/** A marketplace whose synthetic history the emulator holds (`--region`). */
export type EmulatorRegion = 'na' | 'eu' | 'uk' | 'jp';

/**
 * Fee pricing of settlement rows, all invented but shaped like Amazon Pay's published price
 * lists: a percentage per seller tier plus a fixed fee per capture, a surcharge for cross-border
 * cards, a lower rate for the buyer's Amazon balance, a fixed fee per chargeback. Rates are in
 * basis points (1/100 %), fees in minor units of the currency.
 */
export interface SettlementPricing {
  /** Range the seller's card rate (its pricing tier) is drawn from, inclusive, in basis points. */
  cardRateBp: readonly [number, number];
  /** Added to the card rate for a card issued outside the marketplace. */
  crossBorderBp: number;
  /** Share of card captures that are cross-border, 0..1. */
  crossBorderShare: number;
  /** Rate for captures paid from the buyer's Amazon balance (gift cards, Amazon Pay balance). */
  balanceRateBp: number;
  /** Share of captures paid from the Amazon balance, 0..1. */
  balanceShare: number;
  /** Fixed fee per capture (minor units); not refunded with a refund. */
  fixedFee: number;
  /** Fee per chargeback (minor units). */
  chargebackFee: number;
}

/** What a region decides about its files. */
export interface RegionProfile {
  currency: string;
  /** IANA zone whose offsets (with daylight saving) the files carry. */
  timeZone: string;
  /** Days per settlement period (report-formats.md §3.6: US/EU daily, JP every 14 days). */
  settlementPeriodDays: number;
  /** Capture amounts are drawn from this range, in minor units. */
  orderValue: readonly [number, number];
  /** Reserve held at the end of a period, drawn from this range (minor units). */
  reserve: readonly [number, number];
  pricing: SettlementPricing;
}

export const REGIONS: Readonly<Record<EmulatorRegion, RegionProfile>> = {
  na: {
    currency: 'USD', timeZone: 'America/Los_Angeles', settlementPeriodDays: 1, orderValue: [500, 50_000], reserve: [5_000, 50_000],
    pricing: { cardRateBp: [250, 290], crossBorderBp: 100, crossBorderShare: 0.08, balanceRateBp: 220, balanceShare: 0.15, fixedFee: 30, chargebackFee: 2_000 },
  },
  eu: {
    currency: 'EUR', timeZone: 'Europe/Berlin', settlementPeriodDays: 1, orderValue: [500, 40_000], reserve: [5_000, 40_000],
    pricing: { cardRateBp: [190, 270], crossBorderBp: 130, crossBorderShare: 0.12, balanceRateBp: 190, balanceShare: 0.1, fixedFee: 35, chargebackFee: 2_000 },
  },
  uk: {
    currency: 'GBP', timeZone: 'Europe/London', settlementPeriodDays: 1, orderValue: [500, 35_000], reserve: [5_000, 35_000],
    pricing: { cardRateBp: [190, 270], crossBorderBp: 130, crossBorderShare: 0.1, balanceRateBp: 190, balanceShare: 0.1, fixedFee: 20, chargebackFee: 1_500 },
  },
  jp: {
    currency: 'JPY', timeZone: 'Asia/Tokyo', settlementPeriodDays: 14, orderValue: [300, 60_000], reserve: [5_000, 60_000],
    pricing: { cardRateBp: [390, 450], crossBorderBp: 0, crossBorderShare: 0, balanceRateBp: 390, balanceShare: 0.1, fixedFee: 0, chargebackFee: 0 },
  },
};

/** The profile of a region, or a clear error naming the choices. */
export function regionProfile(region: string | undefined): RegionProfile {
  const profile = REGIONS[(region ?? 'na') as EmulatorRegion] as RegionProfile | undefined;
  if (!profile) throw new ConfigError(`unknown emulator region ${JSON.stringify(region)}: use na, eu, uk or jp`);
  return profile;
}
