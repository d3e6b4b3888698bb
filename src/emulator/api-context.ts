import { parseTime } from '../dates.js';
import type { Environment, EmulatorState } from './state.js';

/** What an operation handler gets: the authenticated caller, the clock, and the parsed request. */
export interface ApiContext {
  state: EmulatorState;
  seed: number;
  publicKeyId: string;
  environment: Environment;
  nowMs: number;
  query: ReadonlyMap<string, readonly string[]>;
  /** Parsed JSON body (POST), else undefined. */
  body: Record<string, unknown> | undefined;
  /** The `{id}` path segment. */
  id: string | undefined;
  /** A fresh pre-signed URL for a document, honouring an `expire` fault. */
  documentUrl(reportDocumentId: string): string;
}

/** A response: status and a JSON body (keys are sorted when written). */
export interface ApiResult {
  status: number;
  body: unknown;
}

/** A JSON error answer `{"reasonCode","message"}`. */
export function fail(status: number, reasonCode: string, message: string): ApiResult {
  return { status, body: { message, reasonCode } };
}

/** Parses a raw query string; repeated keys (Java's style) collect all values; `+` stays a plus. */
export function parseQuery(raw: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of raw.split('&')) {
    if (!part) continue;
    const eq = part.indexOf('=');
    const name = safeDecode(eq === -1 ? part : part.slice(0, eq));
    const value = safeDecode(eq === -1 ? '' : part.slice(eq + 1));
    out.set(name, [...(out.get(name) ?? []), value]);
  }
  return out;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** A parameter's value, empty values treated as absent (Java/PHP samples send `nextToken=`). */
export function param(query: ReadonlyMap<string, readonly string[]>, name: string): string | undefined {
  const values = (query.get(name) ?? []).filter((v) => v !== '');
  return values.length === 0 ? undefined : values.join(',');
}

/** Names given with a non-empty value. */
export function presentParams(query: ReadonlyMap<string, readonly string[]>): string[] {
  return [...query.keys()].filter((k) => param(query, k) !== undefined);
}

/** Query names outside `allowed` → an error result. */
export function unknownParams(query: ReadonlyMap<string, readonly string[]>, allowed: readonly string[]): ApiResult | undefined {
  const bad = [...query.keys()].find((k) => !allowed.includes(k));
  return bad === undefined ? undefined : fail(400, 'InvalidParameterValue', `The query parameter ${bad} is not supported; use ${allowed.join(', ')}`);
}

/** A time parameter: undefined when absent, an error result when unparseable. */
export function timeParam(value: unknown, name: string): number | ApiResult | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const d = typeof value === 'string' ? parseTime(value) : undefined;
  return d ? d.getTime() : fail(400, 'InvalidParameterValue', `The value provided for ${name} is invalid; use ISO 8601 like 20221118T150630Z`);
}

/** `pageSize` 1..100 (default 10). */
export function pageSizeParam(value: string | undefined): number | ApiResult {
  if (value === undefined) return 10;
  const n = Number(value);
  return /^\d+$/.test(value) && n >= 1 && n <= 100 ? n : fail(400, 'InvalidParameterValue', 'The value provided for pageSize is invalid; it must be an integer from 1 to 100');
}

/** Opaque `nextToken`: base64url JSON, so only [A-Za-z0-9_-] appears on the wire. */
export function encodeToken(state: unknown): string {
  return Buffer.from(JSON.stringify(state)).toString('base64url');
}

/** Parses a token made by encodeToken; undefined when it is not one. */
export function decodeToken<T>(token: string): T | undefined {
  try {
    return JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as T;
  } catch {
    return undefined;
  }
}

/** A page size as a decoded nextToken carries it: the same 1..100 bounds as `pageSize`, so an edited token cannot lift them. */
export function isPageSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 100;
}

/** Tells a parsed value from an error result. */
export function isResult(v: unknown): v is ApiResult {
  return typeof v === 'object' && v !== null && 'status' in v && 'body' in v;
}
