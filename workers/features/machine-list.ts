/**
 * Machine selections as people type them: `1-10,42,P-101A` (text ids and ranges of
 * whole-number ids, comma separated, spaces around parts allowed). A part is a range
 * only when it is two whole numbers joined by `-`; anything else is one machine id
 * (so tags such as `P-101A` stay ids). Shared by the CLI and the UI.
 */
import { compareMachineIds, isNumericMachineId } from '../shared/machine-id';

export interface MachineSelection {
  /** Ids named one by one (trimmed). */
  ids: string[];
  /** Inclusive ranges of whole-number ids. */
  ranges: [number, number][];
}

/** Parses a machine list; RangeError names the bad part. */
export function parseMachineList(text: string, what = 'machines'): MachineSelection {
  const sel: MachineSelection = { ids: [], ranges: [] };
  for (const raw of text.split(',')) {
    const part = raw.trim();
    if (part === '') {
      throw new RangeError(`${what}: empty machine id in '${text}'; use e.g. 1-10,42,P-101A`);
    }
    const m = /^(\d+)\s*-\s*(\d+)$/.exec(part);
    if (!m) {
      sel.ids.push(part);
      continue;
    }
    const a = Number(m[1]);
    const b = Number(m[2]);
    if (!Number.isSafeInteger(a) || !Number.isSafeInteger(b) || b < a) {
      throw new RangeError(`${what}: range '${part}' must go from a lower to a higher id`);
    }
    sel.ranges.push([a, b]);
  }
  return sel;
}

/**
 * The plant's machines a selection names: their keys in machine order, and the ids
 * named one by one that the plant does not have (for a message).
 */
export function resolveMachineList(
  sel: MachineSelection,
  names: Map<number, string>,
): { keys: number[]; unknown: string[] } {
  const byName = new Map<string, number>();
  for (const [k, n] of names) byName.set(n, k);
  const keys = new Set<number>();
  const unknown: string[] = [];
  for (const id of sel.ids) {
    const k = byName.get(id);
    if (k === undefined) unknown.push(id);
    else keys.add(k);
  }
  if (sel.ranges.length > 0) {
    for (const [k, n] of names) {
      if (!isNumericMachineId(n)) continue;
      const v = Number(n);
      if (sel.ranges.some(([a, b]) => v >= a && v <= b)) keys.add(k);
    }
  }
  const list = [...keys].sort((a, b) => compareMachineIds(names.get(a)!, names.get(b)!));
  return { keys: list, unknown };
}
