import type { KeyObject } from 'node:crypto';
import { REPORT_TYPES } from '../report-types.js';
import type { DocumentSource } from './files/document-source.js';
import { settlementPayout, type SettlementFileSpec } from './files/settlement-file.js';
import { regionProfile, type EmulatorRegion, type SettlementPricing } from './regions.js';
import { SettlementCalendar } from './settlement-calendar.js';
import type { SyntheticReportKind } from './files/synthetic-transaction-file.js';
import { alnumIdFor, numericIdFor, reportDocumentIdFor, reportIdFor } from './ids.js';
import { createPrng } from './prng.js';

/** The API environment a request runs in (api.md §1.2). */
export type Environment = 'live' | 'sandbox';

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;
/** Reports older than this vanish (api.md §5.3). */
export const RETENTION_MS = 90 * DAY_MS;
/** How long a history settlement report stays IN_PROGRESS after it appears. */
const SETTLEMENT_PROCESSING_MS = 10_000;
/** Schedules catching up after a long clock jump spawn at most this many reports each. */
const MAX_CATCH_UP = 1000;

/** A registered key and the seller it stands for. */
export interface MerchantRecord {
  publicKeyId: string;
  key: KeyObject;
  sellerId: string;
  /** Set when the key id carries an environment prefix (LIVE…/SANDBOX…, api.md §1.2). */
  keyEnvironment?: Environment;
}

/** A report; its status is derived from the clock (statusAt). */
export interface ReportRecord {
  reportId: string;
  reportType: string;
  publicKeyId: string;
  environment: Environment;
  createdMs: number;
  startMs: number;
  endMs: number;
  processingMs: number;
  outcome: 'COMPLETED' | 'CANCELLED';
  reportDocumentId?: string;
}

/** A document's size and SHA-256, and the file it was rendered to (with `documentCacheDir`). */
export interface DocumentMeta {
  sha256: string;
  bytes: number;
  path?: string;
}

/** A report document: how to generate its bytes, and their measured size/hash once known. */
export interface DocumentRecord {
  reportDocumentId: string;
  reportId: string;
  source: DocumentSource;
  meta?: Promise<DocumentMeta>;
}

/** A report schedule and when it next falls due. */
export interface ScheduleRecord {
  reportScheduleId: string;
  reportType: string;
  scheduleFrequency: string;
  periodMs: number;
  nextMs: number;
}

/** The payout of one settlement; the amount is computed from its file on first use. */
export interface DisbursementRecord {
  publicKeyId: string;
  sellerId: string;
  settlementId: string;
  amazonDisbursementReferenceId: string;
  transactionMs: number;
  currencyCode: string;
  spec: SettlementFileSpec;
  amount?: string;
}

/** What EmulatorState is built from. */
export interface StateOptions {
  seed: number;
  days: number;
  reportDelayMs: number;
  rowsPerSettlement: number | undefined;
  merchants: MerchantRecord[];
  startMs: number;
  /** Marketplace of the history (default na). */
  region?: EmulatorRegion;
  /** Days per settlement period (default the region's). */
  settlementPeriodDays?: number;
  /** Settlement time of day, seconds after local midnight, for every seller (default: per seller, from the seed). */
  settlementTimeOfDaySeconds?: number;
  pricing?: Partial<SettlementPricing>;
  /** When every seller's account opened: a created report's range before it holds no data (default DEFAULT_ACCOUNT_OPENED_MS). */
  accountOpenedMs?: number;
}

/**
 * When the emulated sellers opened their accounts, unless `accountOpened` says otherwise (or the
 * settlement history reaches further back). Fixed, not relative to the start, so a created
 * report's outcome never depends on when the emulator was started.
 */
export const DEFAULT_ACCOUNT_OPENED_MS = Date.UTC(2022, 0, 1);

interface Scope {
  reports: ReportRecord[];
  sorted: boolean;
  schedules: Map<string, ScheduleRecord>;
  created: number;
  idempotency: Map<string, { fingerprint: string; status: number; body: unknown }>;
}

/**
 * Everything the emulator knows: merchants, reports, documents, schedules, disbursements and
 * idempotency keys. Time only enters through `advance(nowMs)`, which materialises the daily
 * settlements and the due schedule runs up to that moment, so a test moving the injected clock
 * sees history grow exactly as it would have.
 *
 * History: each live seller has a SettlementCalendar (periods of the region's length starting at
 * the seller's settlement time of day, local time). The last period that ended an hour before
 * start is the anchor; ⌈days / period⌉ periods up to it exist. A period gets its report 1–30 min
 * after it ends and its disbursement 1–20 min after that, so they all exist at start, and as the
 * clock moves, the next one appears. Ids and file contents depend on the seed, the key id and the
 * period's local start date — never on when the emulator was started. The reserve a period
 * releases is the one the period before held.
 */
export class EmulatorState {
  readonly merchants = new Map<string, MerchantRecord>();
  readonly documents = new Map<string, DocumentRecord>();
  readonly disbursements: DisbursementRecord[] = [];
  /** The earliest moment any seller's history covers. */
  readonly historyStartMs: number;
  private readonly scopes = new Map<string, Scope>();
  private readonly reportsById = new Map<string, ReportRecord>();
  /** Per live seller: its calendar and the next period to materialise. */
  private readonly nextPeriod = new Map<string, number>();
  private readonly calendars = new Map<string, SettlementCalendar>();
  /** Per seller: the first moment a created report finds data (account opened, or history start if earlier). */
  private readonly dataStarts = new Map<string, number>();

  constructor(private readonly options: StateOptions) {
    const profile = regionProfile(options.region);
    const periodDays = options.settlementPeriodDays ?? profile.settlementPeriodDays;
    const periods = Math.ceil(options.days / periodDays);
    let earliest = Infinity;
    for (const m of options.merchants) {
      this.merchants.set(m.publicKeyId, m);
      // Whole minutes, as a seller would set it; the same seller settles at the same time in every run.
      const timeOfDay = options.settlementTimeOfDaySeconds ?? createPrng('settlement-time', options.seed, m.publicKeyId).int(1440) * 60;
      const calendar = new SettlementCalendar(profile.timeZone, periodDays, timeOfDay);
      this.calendars.set(m.publicKeyId, calendar);
      const first = calendar.lastEndedBy(options.startMs - 3_600_000) - periods + 1;
      const startMs = calendar.startOf(first);
      this.dataStarts.set(m.publicKeyId, Math.min(startMs, options.accountOpenedMs ?? DEFAULT_ACCOUNT_OPENED_MS));
      earliest = Math.min(earliest, startMs);
      if (m.keyEnvironment !== 'sandbox') this.nextPeriod.set(m.publicKeyId, first);
    }
    this.historyStartMs = Number.isFinite(earliest) ? earliest : options.startMs;
    this.advance(options.startMs);
  }

  scope(publicKeyId: string, environment: Environment): Scope {
    const key = `${publicKeyId}|${environment}`;
    let s = this.scopes.get(key);
    if (!s) {
      s = { reports: [], sorted: true, schedules: new Map(), created: 0, idempotency: new Map() };
      this.scopes.set(key, s);
    }
    return s;
  }

  /** Materialises settlements and scheduled reports due by `nowMs`. */
  advance(nowMs: number): void {
    for (const [publicKeyId, period] of this.nextPeriod) {
      let k = period;
      while (this.settlementTimes(publicKeyId, k).createdMs <= nowMs) {
        this.addSettlement(publicKeyId, k);
        k++;
      }
      this.nextPeriod.set(publicKeyId, k);
    }
    for (const [key, scope] of this.scopes) {
      const [publicKeyId = '', environment = 'live'] = key.split('|');
      for (const schedule of scope.schedules.values()) {
        let n = 0;
        while (schedule.nextMs <= nowMs && n++ < MAX_CATCH_UP) {
          this.createReport(publicKeyId, environment as Environment, schedule.reportType, schedule.nextMs - schedule.periodMs, schedule.nextMs, schedule.nextMs);
          schedule.nextMs += schedule.periodMs;
        }
        if (schedule.nextMs <= nowMs) schedule.nextMs += Math.ceil((nowMs - schedule.nextMs + 1) / schedule.periodMs) * schedule.periodMs;
      }
    }
  }

  /** Reports of one merchant and environment, ordered by createdTime then reportId. */
  sortedReports(publicKeyId: string, environment: Environment): ReportRecord[] {
    const s = this.scope(publicKeyId, environment);
    if (!s.sorted) {
      s.reports.sort((a, b) => a.createdMs - b.createdMs || (a.reportId < b.reportId ? -1 : a.reportId > b.reportId ? 1 : 0));
      s.sorted = true;
    }
    return s.reports;
  }

  allReports(): ReportRecord[] {
    return [...this.reportsById.values()];
  }

  report(reportId: string): ReportRecord | undefined {
    return this.reportsById.get(reportId);
  }

  /**
   * Creates a report (Create Report or a schedule run): COMPLETED with a document if its range
   * holds data (it overlaps [account opened, creation time]), else CANCELLED. The document's bytes
   * follow from the seed, the merchant, the type and the range alone, never from the report id
   * or when it was asked for: the same past range yields the same file every time (backfills).
   */
  createReport(publicKeyId: string, environment: Environment, reportType: string, startMs: number, endMs: number, createdMs: number): ReportRecord {
    const scope = this.scope(publicKeyId, environment);
    const n = scope.created++;
    const seed = this.options.seed;
    const reportId = reportIdFor(seed, publicKeyId, environment, 'created', n);
    const from = Math.max(startMs, this.dataStarts.get(publicKeyId) ?? this.historyStartMs);
    const to = Math.min(endMs, createdMs);
    const report: ReportRecord = {
      reportId, reportType, publicKeyId, environment, createdMs, startMs, endMs,
      processingMs: this.options.reportDelayMs, outcome: from < to ? 'COMPLETED' : 'CANCELLED',
    };
    if (report.outcome === 'COMPLETED') {
      const reportDocumentId = reportDocumentIdFor(seed, publicKeyId, environment, 'created', n);
      report.reportDocumentId = reportDocumentId;
      const fileId = alnumIdFor(20, seed, publicKeyId, environment, 'range', reportType, from, to);
      this.documents.set(reportDocumentId, { reportDocumentId, reportId, source: this.sourceFor(publicKeyId, environment, reportType, fileId, from, to) });
    }
    this.addReport(report);
    return report;
  }

  /** The payout of a disbursement's settlement, computed once. */
  disbursementAmount(d: DisbursementRecord): string {
    d.amount ??= settlementPayout(d.spec);
    return d.amount;
  }

  private sourceFor(publicKeyId: string, environment: Environment, reportType: string, fileId: string, from: number, to: number): DocumentSource {
    const seed = this.options.seed;
    const sandbox = environment === 'sandbox';
    const rows = this.options.rowsPerSettlement;
    const { region } = this.options;
    const profile = regionProfile(region);
    const local = { currency: profile.currency, timeZone: profile.timeZone, ...(region === undefined ? {} : { region }) };
    const common = { seed, fileId, start: new Date(from), end: new Date(to), sandbox, ...local, ...(rows === undefined ? {} : { rows }) };
    const kinds: Record<string, SyntheticReportKind | 'refund' | 'settlement'> = {
      [REPORT_TYPES['sandbox-settlement']]: 'settlement', [REPORT_TYPES.settlement]: 'settlement', [REPORT_TYPES.refund]: 'refund',
      [REPORT_TYPES.authorization]: 'authorization', [REPORT_TYPES['order-reference']]: 'order-reference',
      [REPORT_TYPES['billing-agreement']]: 'billing-agreement', [REPORT_TYPES.capture]: 'capture',
      [REPORT_TYPES['multi-currency']]: 'multi-currency',
    };
    const kind = kinds[reportType] ?? 'order-reference';
    if (kind === 'settlement') {
      const sellerId = this.merchants.get(publicKeyId)?.sellerId ?? 'A0000000000000';
      const settlementId = numericIdFor(10, seed, publicKeyId, environment, 'settlement-of', fileId);
      return { kind, spec: { ...common, sellerId, settlementId, ...this.pricing() } };
    }
    return { kind, spec: common };
  }

  private pricing(): { pricing?: Partial<SettlementPricing> } {
    return this.options.pricing ? { pricing: this.options.pricing } : {};
  }

  private settlementTimes(publicKeyId: string, k: number): { createdMs: number; disbursedMs: number } {
    const calendar = this.calendars.get(publicKeyId)!;
    const rng = createPrng('history', this.options.seed, publicKeyId, calendar.localDayOf(k));
    const createdMs = calendar.startOf(k + 1) + rng.range(60, 1800) * 1000;
    return { createdMs, disbursedMs: createdMs + rng.range(60, 1200) * 1000 + rng.int(1000) };
  }

  /** The reserve a seller holds at the end of period k (minor units): what period k + 1 releases. */
  private reserveHeld(publicKeyId: string, k: number): number {
    const [lo, hi] = regionProfile(this.options.region).reserve;
    return createPrng('reserve', this.options.seed, publicKeyId, this.calendars.get(publicKeyId)!.localDayOf(k)).range(lo, hi);
  }

  private addSettlement(publicKeyId: string, k: number): void {
    const merchant = this.merchants.get(publicKeyId);
    const calendar = this.calendars.get(publicKeyId);
    if (!merchant || !calendar) return;
    const seed = this.options.seed;
    const { region } = this.options;
    const profile = regionProfile(region);
    const day = calendar.localDayOf(k);
    const startMs = calendar.startOf(k);
    const endMs = calendar.startOf(k + 1);
    const { createdMs, disbursedMs } = this.settlementTimes(publicKeyId, k);
    const reportId = reportIdFor(seed, publicKeyId, 'settlement', day);
    const reportDocumentId = reportDocumentIdFor(seed, publicKeyId, 'settlement', day);
    const settlementId = numericIdFor(10, seed, publicKeyId, 'settlement', day);
    const rows = this.options.rowsPerSettlement;
    const spec: SettlementFileSpec = {
      seed, sellerId: merchant.sellerId, settlementId, start: new Date(startMs), end: new Date(endMs),
      currency: profile.currency, timeZone: profile.timeZone, ...(region === undefined ? {} : { region }), ...this.pricing(),
      reserveReleased: this.reserveHeld(publicKeyId, k - 1), reserveHeld: this.reserveHeld(publicKeyId, k),
      ...(rows === undefined ? {} : { rows }),
    };
    this.addReport({
      reportId, reportType: REPORT_TYPES.settlement, publicKeyId, environment: 'live', createdMs,
      startMs, endMs, processingMs: SETTLEMENT_PROCESSING_MS, outcome: 'COMPLETED', reportDocumentId,
    });
    this.documents.set(reportDocumentId, { reportDocumentId, reportId, source: { kind: 'settlement', spec } });
    this.disbursements.push({
      publicKeyId, sellerId: merchant.sellerId, settlementId, currencyCode: profile.currency, transactionMs: disbursedMs, spec,
      amazonDisbursementReferenceId: alnumIdFor(15, seed, publicKeyId, 'disbursement', day),
    });
  }

  private addReport(report: ReportRecord): void {
    const scope = this.scope(report.publicKeyId, report.environment);
    const last = scope.reports[scope.reports.length - 1];
    if (last && (last.createdMs > report.createdMs || (last.createdMs === report.createdMs && last.reportId > report.reportId))) scope.sorted = false;
    scope.reports.push(report);
    this.reportsById.set(report.reportId, report);
  }
}

/** Status of a report at a moment: IN_PROGRESS until its processing time has passed. */
export function statusAt(report: ReportRecord, nowMs: number): 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED' {
  return nowMs < report.createdMs + report.processingMs ? 'IN_PROGRESS' : report.outcome;
}

/** Visible through the API: created already, and within the 90-day retention. */
export function isVisible(report: ReportRecord, nowMs: number): boolean {
  return report.createdMs <= nowMs && report.createdMs >= nowMs - RETENTION_MS;
}
