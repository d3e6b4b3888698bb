/** A stdout-like sink: Node streams also have `once`, test doubles may not. */
export interface Sink {
  write(chunk: string | Uint8Array): unknown;
  once?: (event: 'drain', listener: () => void) => unknown;
}

/** Writes a chunk and, when a real stream says its buffer is full, waits for `drain`, so piping a multi-GB export to a slow reader stays in bounded memory. */
export async function writeWithBackpressure(sink: Sink, chunk: string | Uint8Array): Promise<void> {
  if (sink.write(chunk) === false && typeof sink.once === 'function') {
    await new Promise<void>((resolve) => sink.once?.('drain', resolve));
  }
}
