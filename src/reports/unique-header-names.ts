/** Header names made usable as record keys: blank → `column<N>`, repeats → `Name_2`, so no cell is overwritten. */
export function uniqueHeaderNames(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return cells.map((c, i) => {
    const base = c.trim() === '' ? `column${i + 1}` : c;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}_${count}`;
  });
}
