/** libfaketime's variables, so a child process shares the shifted clock when the suite runs under `faketime` (.ci/run). */
export function shiftedClock(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((e): e is [string, string] => /^(LD_PRELOAD|FAKETIME.*)$/.test(e[0]) && e[1] !== undefined));
}
