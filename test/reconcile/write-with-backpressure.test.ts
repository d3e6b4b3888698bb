import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { writeWithBackpressure } from '../../src/export/write-with-backpressure.js';

describe('writeWithBackpressure', () => {
  it('waits for drain when the stream buffer is full, and not otherwise', async () => {
    const stream = new PassThrough({ highWaterMark: 4 });
    let drained = false;
    const pending = writeWithBackpressure(stream, 'more than four bytes').then(() => {
      drained = true;
    });
    await new Promise((r) => setImmediate(r));
    expect(drained).toBe(false);
    stream.read();
    await pending;
    expect(drained).toBe(true);
    let out = '';
    await writeWithBackpressure({ write: (s: string) => (out += s) }, 'plain sink');
    expect(out).toBe('plain sink');
  });
});
