/**
 * Machine selections as people type them: `1-10,42` (ranges and single ids, comma
 * separated, spaces allowed). Shared by the CLI and the UI.
 */

/** Parses a machine list into sorted unique ids; RangeError names the bad part. */
export function parseMachineList(text: string, what = 'machines'): number[] {
  const ids = new Set<number>();
  const parts = text.split(',');
  for (const raw of parts) {
    const part = raw.trim();
    const m = /^(\d+)(?:\s*-\s*(\d+))?$/.exec(part);
    if (!m) {
      throw new RangeError(`${what}: '${part}' is not a machine id or range; use e.g. 1-10,42`);
    }
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b < a) {
      throw new RangeError(`${what}: range '${part}' must go from a lower to a higher id`);
    }
    if (b - a > 10_000_000) throw new RangeError(`${what}: range '${part}' is too large`);
    for (let i = a; i <= b; i++) ids.add(i);
  }
  return [...ids].sort((x, y) => x - y);
}
