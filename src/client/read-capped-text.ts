/**
 * Reads a response body as UTF-8 text, stopping at `maxBytes`: a hostile or broken server must
 * not make us buffer an endless body. The count is of the bytes fetch hands over, which are
 * already decoded, so a gzip-encoded body is capped after decoding.
 */
export async function readCappedText(res: Response, maxBytes: number): Promise<{ text: string } | { overBy: 'length' | 'stream'; seen: number }> {
  const declared = res.headers.get('content-length');
  // Content-Length counts encoded bytes; only an unencoded body's length says the decoded size.
  const encoded = (res.headers.get('content-encoding') ?? 'identity').toLowerCase() !== 'identity';
  if (!encoded && declared !== null && /^\d+$/.test(declared) && Number(declared) > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    return { overBy: 'length', seen: Number(declared) };
  }
  if (!res.body) return { text: '' };
  const reader = (res.body as ReadableStream<Uint8Array>).getReader();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    seen += value.byteLength;
    if (seen > maxBytes) {
      await reader.cancel().catch(() => undefined);
      return { overBy: 'stream', seen };
    }
    chunks.push(value);
  }
  // TextDecoder drops a BOM and replaces bad sequences, as Response.text() does.
  return { text: new TextDecoder().decode(Buffer.concat(chunks)) };
}
