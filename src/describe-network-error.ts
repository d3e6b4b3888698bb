/** Plain words for the transport failures a hostile or broken server causes, by error code. */
const PLAIN: ReadonlyArray<[RegExp, string]> = [
  [/^Z_/, 'the encoded body is corrupt'],
  [/^(UND_ERR_HEADERS_OVERFLOW|HPE_HEADER_OVERFLOW)$/, 'the response headers are too large'],
  [/^HPE_/, 'the response is not valid HTTP'],
  [/^(UND_ERR_SOCKET|UND_ERR_CLOSED|ECONNRESET|EPIPE)$/, 'the connection closed before the response was complete'],
  [/^ECONNREFUSED$/, 'the connection was refused'],
  [/^(ENOTFOUND|EAI_AGAIN)$/, 'the host name does not resolve'],
  [/^(ETIMEDOUT|UND_ERR_CONNECT_TIMEOUT)$/, 'the connection timed out'],
  [/CERT|^ERR_TLS_/, 'the server certificate is not trusted'],
];

/** undici's and node's wrappers that say nothing themselves. */
const GENERIC = new Set(['fetch failed', 'terminated', 'aborted', 'network error', '']);

/**
 * One line for a network failure: plain words and the code (`the connection closed before the
 * response was complete (ECONNRESET)`), never undici's "fetch failed" or zlib's own message,
 * which hide the useful part in `cause`.
 */
export function describeNetworkError(error: unknown): string {
  const codes: string[] = [];
  const messages: string[] = [];
  let cur: unknown = error;
  for (let depth = 0; cur instanceof Error && depth < 5; depth++) {
    const code = (cur as NodeJS.ErrnoException).code;
    if (typeof code === 'string') codes.push(code);
    if (!GENERIC.has(cur.message)) messages.push(cur.message);
    cur = cur.cause;
  }
  for (const code of codes) {
    const plain = PLAIN.find(([pattern]) => pattern.test(code));
    if (plain) return `${plain[1]} (${code})`;
  }
  const text = messages.filter((m, i) => messages.indexOf(m) === i).join(': ') || 'network error';
  return codes[0] ? `${text} (${codes[0]})` : text;
}
