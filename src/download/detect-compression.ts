/** What a report body is, by its first bytes: gzip `1f 8b`, zip `50 4b 03 04`, anything else plain. */
export function detectCompression(head: Uint8Array): 'none' | 'gzip' | 'zip' {
  // Amazon says compressionAlgorithm is always N/A, but SP-API's flag is known to lie (peers.md pain 8): trust the bytes.
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x50 && head[1] === 0x4b && head[2] === 0x03 && head[3] === 0x04) return 'zip';
  return 'none';
}
