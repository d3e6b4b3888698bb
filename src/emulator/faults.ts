import { ConfigError } from '../errors.js';
import { seedBytes } from './prng.js';
import type { FaultRates, ScriptedFault } from './types.js';

/** A fault chosen for one request. */
export interface Fault {
  kind: number | 'reset' | 'truncate' | 'slow' | 'expire';
  retryAfter?: number;
  delayMs?: number;
}

const KINDS = ['429', '500', '503', 'reset', 'truncate', 'slow'] as const;

/** Parses `--faults` (`429:0.1,500:0.05,reset:0.02`) into rates; ConfigError on anything else. */
export function parseFaults(spec: string | FaultRates | undefined): FaultRates {
  if (spec === undefined) return {};
  if (typeof spec !== 'string') {
    for (const [k, v] of Object.entries(spec)) check(k, v);
    return { ...spec };
  }
  const rates: FaultRates = {};
  for (const part of spec.split(',').map((p) => p.trim()).filter(Boolean)) {
    const [kind = '', value = ''] = part.split(':');
    const rate = /^(0|1|0?\.\d+|1\.0*)$/.test(value) ? Number(value) : NaN;
    check(kind, rate);
    rates[kind as keyof FaultRates] = rate;
  }
  return rates;
}

function check(kind: string, rate: unknown): void {
  if (!(KINDS as readonly string[]).includes(kind))
    throw new ConfigError(`unknown fault "${kind}": use ${KINDS.join(', ')} (e.g. --faults 429:0.1,reset:0.02)`);
  if (typeof rate !== 'number' || !(rate >= 0 && rate <= 1)) throw new ConfigError(`fault rate for ${kind} must be between 0 and 1`);
}

/**
 * Decides which requests fail: first the scripted queue (tests), then a draw against the rates.
 * The draw hashes the seed, what the request is about (operation, path, query, body) and how
 * many times that same request was seen before, so a concurrent client meets the same faults
 * whatever order its requests arrive in. `truncate` only applies to downloads.
 */
export class FaultPlan {
  private rates: FaultRates;
  private readonly queue: Array<ScriptedFault & { left: number }> = [];
  private readonly seen = new Map<string, number>();

  constructor(private readonly seed: number | string, rates: FaultRates, private readonly slowMs = 10_000) {
    this.rates = rates;
  }

  script(faults: readonly ScriptedFault[]): void {
    for (const f of faults) this.queue.push({ ...f, left: f.times ?? 1 });
  }

  setRates(rates: FaultRates): void {
    this.rates = rates;
  }

  /** The fault for this request, if any; `identity` names the request for the seeded draw. */
  pick(operation: string, identity = ''): Fault | undefined {
    const i = this.queue.findIndex((f) => f.left > 0 && (f.operation === operation || f.operation === '*'));
    if (i !== -1) {
      const f = this.queue[i]!;
      if (--f.left === 0) this.queue.splice(i, 1);
      const out: Fault = { kind: f.fault };
      if (f.retryAfter !== undefined) out.retryAfter = f.retryAfter;
      if (f.fault === 'slow') out.delayMs = f.delayMs ?? this.slowMs;
      return out;
    }
    const entries = Object.entries(this.rates).filter(([, r]) => typeof r === 'number' && r > 0);
    if (entries.length === 0) return undefined;
    const key = `${operation}\n${identity}`;
    const n = this.seen.get(key) ?? 0;
    this.seen.set(key, n + 1);
    const u = seedBytes('fault', this.seed, key, n).readUInt32LE(0) / 4294967296;
    let acc = 0;
    for (const [kind, rate] of entries) {
      acc += rate;
      if (u >= acc) continue;
      if (kind === 'truncate' && operation !== 'download') return undefined;
      if (kind === 'reset' || kind === 'truncate') return { kind };
      if (kind === 'slow') return { kind, delayMs: this.slowMs };
      const status = Number(kind);
      return status === 429 || status === 503 ? { kind: status, retryAfter: 1 } : { kind: status };
    }
    return undefined;
  }
}
