/**
 * Named import profiles: a mapping (ImportMapping) saved in the plant file under a
 * name, so the next export of the same kind is read the same way (CLI `--profile`,
 * the Import screen, a schedule's watched folder). Kept as JSON in the meta table
 * (key `import_profiles`): no table, so no migration. Plant files can be edited by
 * hand and come from other versions, so every profile is validated when read and
 * when saved; a bad one is refused with a message naming the profile and the field.
 */
import type { Store } from '../store/store';
import {
  COLUMN_ROLES,
  IMPORT_KINDS,
  type ColumnRole,
  type ImportMapping,
  type ImportOptions,
} from './types';

const META_KEY = 'import_profiles';

export interface NamedProfile {
  name: string;
  mapping: ImportMapping;
}

type Check = (v: unknown, where: string) => unknown;

const str: Check = (v, where) => {
  if (typeof v !== 'string' || v === '' || v.length > 500) {
    throw new RangeError(`${where} must be a non-empty text`);
  }
  return v;
};
const oneOf =
  (values: readonly string[]): Check =>
  (v, where) => {
    if (typeof v !== 'string' || !values.includes(v)) {
      throw new RangeError(
        `${where} must be one of ${values.join(', ')}, got ${JSON.stringify(v)}`,
      );
    }
    return v;
  };
const regex: Check = (v, where) => {
  const s = str(v, where) as string;
  try {
    new RegExp(s);
  } catch (e) {
    throw new RangeError(`${where} is not a regular expression: ${(e as Error).message}`);
  }
  return s;
};

/** Every ImportMapping key with its check: any other key is refused. */
const FIELDS: Record<keyof ImportMapping, Check> = {
  kind: oneOf(IMPORT_KINDS),
  map: (v, where) => {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      throw new RangeError(`${where} must be an object of column name -> role`);
    }
    const out: Record<string, ColumnRole> = {};
    for (const [col, role] of Object.entries(v)) {
      if (col.trim() === '') throw new RangeError(`${where} has an empty column name`);
      out[col] = oneOf(COLUMN_ROLES)(role, `${where} '${col}'`) as ColumnRole;
    }
    return out;
  },
  dateFormat: str,
  decimalMark: oneOf(['.', ',']),
  encoding: oneOf(['auto', 'utf-8', 'windows-1252', 'latin1', 'utf-16le', 'utf-16be']),
  machine: str,
  machineFromName: regex,
  noHeader: (v, where) => {
    if (typeof v !== 'boolean') throw new RangeError(`${where} must be true or false`);
    return v;
  },
  columns: (v, where) => {
    if (!Array.isArray(v) || v.length === 0) {
      throw new RangeError(`${where} must be a list of column names`);
    }
    return v.map((c, i) => str(c, `${where} #${i + 1}`));
  },
  delimiter: oneOf([',', ';', '\t', 'space']),
  failureComponent: str,
  tagPattern: regex,
  timeUnit: str,
  timeStart: (v, where) => {
    const s = str(v, where) as string;
    if (!/^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}(:\d{2})?)?$/.test(s)) {
      throw new RangeError(`${where} must be YYYY-MM-DD[ HH:MM[:SS]], got '${s}'`);
    }
    return s;
  },
  failureAtEnd: str,
};

/** The mapping keys a profile may hold, in a stable order (help texts, messages). */
export const MAPPING_KEYS = Object.keys(FIELDS) as (keyof ImportMapping)[];

/**
 * Checks a mapping from outside (a profile in the plant file, the UI): unknown keys and
 * bad values throw a RangeError naming `what` and the key. Undefined values are dropped.
 */
export function validateMapping(value: unknown, what: string): ImportMapping {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new RangeError(`${what} must be an object of import settings`);
  }
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const check = FIELDS[key as keyof ImportMapping];
    if (!check) {
      throw new RangeError(
        `${what} has an unknown setting '${key}'; known: ${MAPPING_KEYS.join(', ')}`,
      );
    }
    if (v === undefined) continue;
    out[key] = check(v, `${what}: ${key}`);
  }
  if (out.machine !== undefined && out.machineFromName !== undefined) {
    throw new RangeError(`${what}: give machine or machineFromName, not both`);
  }
  return out as ImportMapping;
}

/** A profile name: 1-64 characters, letters, digits, space, '.', '_', '-'. */
export function validateProfileName(name: unknown): string {
  const n = typeof name === 'string' ? name.trim() : '';
  if (!/^[\p{L}\p{N}][\p{L}\p{N} ._-]{0,63}$/u.test(n)) {
    throw new RangeError(
      `profile name must be 1 to 64 letters, digits, spaces, '.', '_' or '-', ` +
        `starting with a letter or digit; got ${JSON.stringify(name)}`,
    );
  }
  return n;
}

function readAll(store: Store): Record<string, unknown> {
  const raw = store.getMeta(META_KEY);
  if (raw === null) return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new RangeError(
      `the plant file's import profiles (meta '${META_KEY}') are not valid JSON; ` +
        'remove them with `pdm import --remove-profile NAME` or fix the file',
    );
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new RangeError(`the plant file's import profiles (meta '${META_KEY}') are not an object`);
  }
  return parsed as Record<string, unknown>;
}

/** The saved profiles by name (sorted). Each is validated: a bad one throws naming it. */
export function listProfiles(store: Store): NamedProfile[] {
  const all = readAll(store);
  return Object.keys(all)
    .sort((a, b) => a.localeCompare(b))
    .map((name) => ({ name, mapping: validateMapping(all[name], `profile '${name}'`) }));
}

/** The profile's mapping; a RangeError naming the saved ones when there is none. */
export function getProfile(store: Store, name: string): ImportMapping {
  const all = readAll(store);
  if (!Object.prototype.hasOwnProperty.call(all, name)) {
    const known = Object.keys(all).sort();
    throw new RangeError(
      `no import profile '${name}' in this plant; ` +
        (known.length ? `saved: ${known.join(', ')}` : 'none is saved (pdm import --save-profile)'),
    );
  }
  return validateMapping(all[name], `profile '${name}'`);
}

/** Saves (or replaces) a profile. RangeError on a bad name or mapping; nothing saved then. */
export function saveProfile(store: Store, name: string, mapping: ImportMapping): void {
  const n = validateProfileName(name);
  const m = validateMapping(mapping, `profile '${n}'`);
  const all = readAll(store);
  all[n] = m;
  store.setMeta(META_KEY, JSON.stringify(all));
}

/** Removes a profile; false when there was none of that name. */
export function removeProfile(store: Store, name: string): boolean {
  const all = readAll(store);
  if (!Object.prototype.hasOwnProperty.call(all, name)) return false;
  delete all[name];
  store.setMeta(META_KEY, JSON.stringify(all));
  return true;
}

/**
 * Import options from a mapping (a profile's, the preview editor's): its settings, with
 * map entries for columns a file lacks skipped, since one mapping serves a family of
 * exports (some without an optional column).
 */
export function mappingOptions(mapping: ImportMapping | null | undefined): ImportOptions {
  if (!mapping) return {};
  const m = validateMapping(mapping, 'the import mapping');
  return { ...m, ...(m.map ? { mapMayMiss: true } : {}) };
}

/**
 * The import options of a schedule's watched folder: its profile's mapping, or none.
 * A profile missing when the run comes throws, so the slot fails naming it.
 */
export function watchedFolderOptions(store: Store, profile: string | undefined): ImportOptions {
  if (!profile) return {};
  try {
    return mappingOptions(getProfile(store, profile));
  } catch (e) {
    throw new RangeError(`the watched folder's import profile: ${(e as Error).message}`);
  }
}
