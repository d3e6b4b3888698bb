import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors.js';

/** The keys `amazon-pay-reports.json` may hold (camelCase twins of the global flags). */
export interface ConfigValues {
  publicKeyId?: string;
  privateKeyFile?: string;
  region?: string;
  sandbox?: boolean;
  endpoint?: string;
  algorithm?: string;
  db?: string;
  out?: string;
  /** `R[:B]`: the API rate ceiling sync may reach. */
  rate?: string;
}

export interface ConfigFile {
  path: string;
  /** Relative paths in the file are relative to this directory. */
  dir: string;
  values: ConfigValues;
}

export const DEFAULT_CONFIG_FILE = 'amazon-pay-reports.json';

const STRING_KEYS = ['publicKeyId', 'privateKeyFile', 'region', 'endpoint', 'algorithm', 'db', 'out', 'rate'] as const;
const BOOLEAN_KEYS = ['sandbox'] as const;
const KNOWN = new Set<string>([...STRING_KEYS, ...BOOLEAN_KEYS]);

/**
 * Reads the config file: the one `--config` names (must exist), else `./amazon-pay-reports.json`
 * when present. Malformed JSON, unknown keys or wrongly typed values are ConfigErrors.
 */
export function readConfigFile(explicitPath: string | undefined, cwd: string): ConfigFile | undefined {
  const path = resolve(cwd, explicitPath ?? DEFAULT_CONFIG_FILE);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (explicitPath === undefined && code === 'ENOENT') return undefined;
    throw new ConfigError(`cannot read the config file ${path} (${code ?? 'error'}): check the --config path`);
  }
  return { path, dir: dirname(path), values: parseConfig(text, path) };
}

/** Validates a config file's text; `where` names the file in errors. */
export function parseConfig(text: string, where: string): ConfigValues {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    // V8 quotes a snippet of the text in its message; keep only the position, the file may hold secrets.
    const at = /position \d+(?: \(line \d+ column \d+\))?/.exec((e as Error).message)?.[0];
    throw new ConfigError(`the config file ${where} is not valid JSON${at ? ` (at ${at})` : ''}: fix it or point --config elsewhere`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data))
    throw new ConfigError(`the config file ${where} must hold a JSON object like {"publicKeyId": "…", "privateKeyFile": "…"}`);
  const record = data as Record<string, unknown>;
  const unknown = Object.keys(record).filter((k) => !KNOWN.has(k));
  if (unknown.length > 0)
    throw new ConfigError(`the config file ${where} has unknown key${unknown.length > 1 ? 's' : ''} ${unknown.map((k) => `"${k}"`).join(', ')}; known keys: ${[...KNOWN].join(', ')}`);
  const values: ConfigValues = {};
  for (const key of STRING_KEYS) {
    const v = record[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') throw new ConfigError(`the config file ${where}: "${key}" must be a string`);
    values[key] = v;
  }
  for (const key of BOOLEAN_KEYS) {
    const v = record[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'boolean') throw new ConfigError(`the config file ${where}: "${key}" must be true or false`);
    values[key] = v;
  }
  return values;
}
