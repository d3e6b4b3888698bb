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
  let buf = '';
  for (const line of lines) {
    buf += line;
    if (buf.length >= size) {
      yield buf;
      buf = '';
    }
  }
  if (buf.length > 0) yield buf;
}
