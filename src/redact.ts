/**
 * Removes secrets from text bound for an error message or a log line: PEM blocks, `Signature=`
 * values, `authorization` header values and the query string of any URL (a pre-signed report URL
 * is a bearer credential for 30 seconds).
 */
export function redact(text: string): string {
  return text
    .replace(/-----BEGIN [A-Z ]*KEY-----[\s\S]*?(-----END [A-Z ]*KEY-----|$)/g, '[REDACTED KEY]')
    .replace(/(Signature=)[A-Za-z0-9+/=_-]+/g, '$1[REDACTED]')
    .replace(/(signature \[)[^\]]*\]/gi, '$1REDACTED]')
    .replace(/(authorization["']?\s*[:=]\s*["']?)[^"'\n,}]+/gi, '$1[REDACTED]')
    .replace(/(https?:\/\/[^\s?"'<>]+)\?[^\s"'<>]*/g, '$1?[REDACTED]');
}

/** A URL safe to show: scheme, host and path; the query string (pre-signed credentials) dropped. */
export function safeUrl(url: string | URL): string {
  try {
    const u = new URL(url);
    return `${u.origin}${u.pathname}${u.search ? '?[REDACTED]' : ''}`;
  } catch {
    return redact(String(url));
  }
}
