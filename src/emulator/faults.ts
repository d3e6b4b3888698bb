import { ConfigError } from '../errors.js';
import { createPrng, type Prng } from './prng.js';
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
 * Decides which requests fail: first the scripted queue (tests), then a draw from the seeded
 * PRNG against the rates. `truncate` only applies to downloads (it needs a body to cut short).
 */
export class FaultPlan {
  private rates: FaultRates;
  private readonly queue: Array<ScriptedFault & { left: number }> = [];
  private readonly rng: Prng;

  constructor(seed: number | string, rates: FaultRates, private readonly slowMs = 10_000) {
    this.rates = rates;
    this.rng = createPrng('faults', seed);
  }

  script(faults: readonly ScriptedFault[]): void {
    for (const f of faults) this.queue.push({ ...f, left: f.times ?? 1 });
  }

  setRates(rates: FaultRates): void {
    this.rates = rates;
  }

  pick(operation: string): Fault | undefined {
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
    const u = this.rng.next();
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
