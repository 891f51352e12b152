/**
 * What the importer says about a file, in the UI language: its assumptions and why a
 * column was not stored come as codes with parameters (workers/ingest/types.ts) and are
 * worded here from `assume.<code>` and `notImported.<code>`. Parameters are data (column
 * names, sample values), shown as they are.
 */
import type { NotImported, RejectedRow } from '../../workers/ingest/types';
import type { Said } from '../../workers/shared/said';
import { interpolate, type I18n } from '../i18n/i18n';

/** One assumption of detection, e.g. "'failure' holds only '0', '1': read as a failure flag". */
export function assumptionText(i: I18n, a: Said): string {
  const as = a.params.as;
  const vars = {
    ...a.params,
    // What a numeric column was not read as: a role, or the column's own name.
    ...(as !== undefined ? { as: i.tOr(`assume.as.${as}`, String(as)) } : {}),
  };
  return interpolate(i.tOr(`assume.${a.code}`, a.code), vars);
}

/** Why a column was not stored. */
export function notImportedText(i: I18n, c: NotImported): string {
  if (c.code === 'not-used' && c.kind) {
    return i.tOr(`notImported.not-used.${c.kind}`, c.reason);
  }
  return i.tOr(`notImported.${c.code}`, c.reason);
}

/** Why a row was refused; rows refused for reasons without a code keep the engine's words. */
export function rejectedText(i: I18n, r: Pick<RejectedRow, 'reason' | 'code'>): string {
  if (!r.code) return r.reason;
  return interpolate(i.tOr(`rejected.${r.code.code}`, r.reason), r.code.params);
}

/** Where a file's machine ids come from: a column, the file name, one given id. */
export function machineSourceText(
  i: I18n,
  m: { machineSource: string; machineSourceCode?: Said },
): string {
  const c = m.machineSourceCode;
  // 'tag': a mapping kept before the tag's words had a code.
  if (!c || c.code === 'tag') return m.machineSource;
  return interpolate(i.tOr(`machineSource.${c.code}`, m.machineSource), c.params);
}

/**
 * Why a whole file was refused. Coded refusals are worded from `importError.<code>`
 * (a kind or role parameter is worded too); a refusal without a code keeps the engine's
 * words in English and, in another language, says in general what went wrong by its
 * reason rather than show an English sentence.
 */
export function refusalText(i: I18n, r: { error: string; reason?: string; code?: Said }): string {
  const c = r.code;
  if (c) {
    const { kind, role } = c.params;
    const vars = {
      ...c.params,
      ...(kind !== undefined ? { kind: i.tOr(`kind.${kind}`, String(kind)) } : {}),
      ...(role !== undefined ? { role: i.tOr(`role.${role}`, String(role)) } : {}),
    };
    return interpolate(i.tOr(`importError.${c.code}`, r.error), vars);
  }
  if (i.locale === 'en' || !r.reason) return r.error;
  return i.tOr(`importError.reason.${r.reason}`, r.error);
}
