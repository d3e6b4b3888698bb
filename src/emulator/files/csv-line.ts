/** One line of the Amazon Pay flat files: every cell double-quoted, `"` doubled (RFC 4180). */
export function csvLine(cells: readonly string[], trailingComma = false): string {
  let line = '';
  for (let i = 0; i < cells.length; i++) {
    const cell = cells[i] as string;
    line += (i === 0 ? '"' : ',"') + (cell.includes('"') ? cell.replace(/"/g, '""') : cell) + '"';
  }
  return trailingComma ? `${line},\n` : `${line}\n`;
}

/** Groups lines into chunks of roughly `size` characters so streams write few, large pieces. */
export function* chunked(lines: Iterable<string>, size = 64 * 1024): Generator<string> {
  // An array joined once per chunk makes one flat string; `+=` would build ropes for the GC.
  let parts: string[] = [];
  let length = 0;
  for (const line of lines) {
    parts.push(line);
    length += line.length;
    if (length >= size) {
      yield parts.join('');
      parts = [];
      length = 0;
    }
  }
  if (parts.length > 0) yield parts.join('');
}
