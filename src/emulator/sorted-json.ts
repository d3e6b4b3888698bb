/**
 * JSON with object keys in alphabetical order and absent values (undefined or null) left out, as
 * the Amazon Pay responses the Node SDK's own tests compare against (api.md §2.2, §4.1).
 */
export function sortedJson(value: unknown): string {
  return JSON.stringify(normalise(value));
}

function normalise(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalise);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined && v !== null) out[key] = normalise(v);
    }
    return out;
  }
  return value;
}
