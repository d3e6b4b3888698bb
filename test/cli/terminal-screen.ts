/**
 * What a terminal would show for `raw`: the handful of control sequences cli-progress and
 * node:readline emit (cursor moves, line and screen clears, cursor save/restore), applied to a
 * grid of lines. Sequences that do not move text (cursor visibility, line wrapping) are ignored.
 */
export function terminalScreen(raw: string): string[] {
  const lines: string[][] = [[]];
  let row = 0;
  let col = 0;
  let saved = { row: 0, col: 0 };
  const line = (): string[] => (lines[row] ??= []);
  const sequence = /\x1b\[\?\d+[hl]|\x1b\[(\d*)([A-DGJK])|\x1b([78])|\r|\n|[^\x1b\r\n]/gu;
  for (const m of raw.matchAll(sequence)) {
    const [token, count, op, saveOp] = m;
    if (token.startsWith('\x1b[?')) continue;
    if (saveOp === '7') saved = { row, col };
    else if (saveOp === '8') ({ row, col } = saved);
    else if (op !== undefined) {
      const n = count === '' || count === undefined ? undefined : Number(count);
      if (op === 'A') row = Math.max(0, row - (n ?? 1));
      else if (op === 'B') row += n ?? 1;
      else if (op === 'C') col += n ?? 1;
      else if (op === 'D') col = Math.max(0, col - (n ?? 1));
      else if (op === 'G') col = (n ?? 1) - 1;
      else if (op === 'K') {
        if ((n ?? 0) === 0) line().length = Math.min(line().length, col);
        else if (n === 1) line().fill(' ', 0, col);
        else lines[row] = [];
      } else if (op === 'J') {
        line().length = Math.min(line().length, col);
        lines.length = row + 1;
      }
    } else if (token === '\r') col = 0;
    else if (token === '\n') {
      row++;
      col = 0;
    } else {
      const l = line();
      while (l.length < col) l.push(' ');
      l[col++] = token;
    }
  }
  return lines.map((l) => l.join('').trimEnd()).filter((l, i, all) => l !== '' || i < all.length - 1);
}
