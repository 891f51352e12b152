/**
 * One selected file in the Import screen: what the import will do with it, from a dry
 * run of the real importer (engine `previewImport` on its first rows), so the preview
 * and the import agree. Shows the kind, how timestamps are read and the zone, where
 * machine ids come from, numbers read with a decimal comma, event columns, what
 * detection assumed (highlighted), the counts in the first rows, the first rows as
 * they will be stored; and per column its role, changeable from a list in words.
 * A file the importer would refuse shows the importer's message, and its columns can
 * still be remapped to fix it.
 */
import type { FilePreview, ImportPreview } from '../../workers/app/api-types';
import type { ColumnRole, ImportKind } from '../../workers/ingest/types';
import { useI18n } from '../i18n/i18n';
import { DataTable } from '../components/data-table';
import { SelectField } from '../components/select-field';
import {
  assumptionText,
  machineSourceText,
  notImportedText,
  refusalText,
  rejectedText,
} from '../components/import-text';
import {
  KINDS,
  machineFromName,
  ROLE_CHOICES,
  splitTag,
  type SharedSettings,
} from './import-mapping';

/** Where one file's preview stands: being computed, done, or the engine call failed. */
export type PreviewState =
  | { status: 'loading'; last?: ImportPreview }
  | { status: 'done'; preview: ImportPreview }
  | { status: 'failed'; message: string };

/** The preview to show: the finished one, or the last one while the next is computed. */
export function shownPreview(state: PreviewState | undefined): ImportPreview | undefined {
  if (state?.status === 'done') return state.preview;
  if (state?.status === 'loading') return state.last;
  return undefined;
}

const EVENT_ROLES: ColumnRole[] = ['failure-flag', 'failure', 'error', 'maint'];
const SAMPLE_ROWS = 10;

export function FileMappingView({
  name,
  size,
  state,
  raw,
  shared,
  sharedMapping,
  limitRows,
  kind,
  roles,
  onKind,
  onRole,
  open,
}: {
  /** Shown unfolded at first (a few files); many files start folded. */
  open: boolean;
  name: string;
  size: number;
  state: PreviewState | undefined;
  /** The file's first lines as they are (columns split by the detected delimiter). */
  raw: FilePreview | undefined;
  shared: SharedSettings;
  /** Tag pattern in force (shared settings or the profile). */
  sharedMapping: { tagPattern?: string; machineFromName?: string };
  limitRows: number;
  /** The kind chosen for this file (or by the profile); undefined: detected. */
  kind: ImportKind | undefined;
  /** Roles chosen for this file's columns (or by the profile). */
  roles: Record<string, ColumnRole>;
  onKind(kind: ImportKind): void;
  onRole(column: string, role: ColumnRole): void;
}) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const p = shownPreview(state);
  const refusal = p && 'error' in p ? p : null;
  const report = p && !('error' in p) ? p : null;
  const resolved = report?.mapping ?? refusal?.mapping ?? null;
  const columns: { name: string; role: ColumnRole | '' }[] =
    resolved?.columns ?? (raw?.columns ?? []).map((c) => ({ name: c, role: '' as const }));
  const shownKind = kind ?? resolved?.kind ?? '';
  const firstValue = (i: number): string | undefined => {
    if (!raw || raw.columns.length !== columns.length) return undefined;
    return shared.header ? raw.rows[0]?.[i] : raw.columns[i];
  };
  const eventColumns = columns.filter((c) => EVENT_ROLES.includes(roles[c.name] ?? c.role));
  const tagIndex = columns.findIndex((c) => (roles[c.name] ?? c.role) === 'tag');
  const tag = tagIndex >= 0 ? firstValue(tagIndex) : undefined;
  const namePattern = sharedMapping.machineFromName;
  const fromName = namePattern ? machineFromName(namePattern, name) : null;
  const sample = report?.sample;
  const marks = Object.entries(report?.decimalMarks ?? {});
  const ev = report?.events;

  return (
    <details
      className="file-preview"
      open={open}
      data-testid="file-preview"
      data-file={name}
      data-state={state?.status ?? 'waiting'}
    >
      <summary>
        <strong>{name}</strong> · {num(size / 1024, 1)} KB ·{' '}
        <span className={shownKind ? 'badge' : 'badge warn'}>
          {shownKind ? t(`kind.${shownKind}`) : t('import.unknownKind')}
        </span>
        {resolved?.shape === 'long' && <span className="muted"> · {t('map.longFile')}</span>}
        {state?.status === 'loading' && (
          <span className="muted" role="status">
            {' '}
            · {t('map.checking')}
          </span>
        )}
        {refusal && <span className="bad"> · {t('map.wouldRefuse')}</span>}
      </summary>

      {state?.status === 'failed' && (
        <p className="notice error" role="alert">
          {state.message}
        </p>
      )}
      {refusal && (
        <div className="notice error" role="alert" data-testid="preview-refused">
          <strong>{t('map.refusedTitle')}</strong>
          <p>{refusalText(i18n, refusal)}</p>
          {refusal.rejectedRows.length > 0 && (
            <ul className="small">
              {refusal.rejectedRows.slice(0, 5).map((r, i) => (
                <li key={i}>
                  {t('map.rejectedAt', {
                    line: r.line,
                    column: r.column || '—',
                    reason: rejectedText(i18n, r),
                  })}
                </li>
              ))}
            </ul>
          )}
          <p className="small">{t('map.refusedFix')}</p>
        </div>
      )}

      <div className="form-grid">
        <SelectField<ImportKind | ''>
          inline
          label={t('import.kind')}
          ariaLabel={t('map.kindFor', { file: name })}
          value={shownKind}
          options={shownKind ? KINDS : ['', ...KINDS]}
          text={(k) => (k === '' ? t('import.unknownKind') : t(`kind.${k}`))}
          onChange={(k) => {
            if (k !== '') onKind(k);
          }}
        />
      </div>

      {resolved && (
        <dl className="facts" data-testid="preview-facts">
          <dt>{t('import.timestampForm')}</dt>
          <dd data-testid="preview-time-form">{resolved.timestampForm ?? t('map.noTime')}</dd>
          <dt>{t('import.timeZone')}</dt>
          <dd>{resolved.timeZone}</dd>
          <dt>{t('map.machineSource')}</dt>
          <dd data-testid="preview-machine-source">
            {machineSourceText(i18n, resolved)}
            {fromName && (
              <span className="muted">
                {' '}
                ·{' '}
                {'id' in fromName
                  ? t('map.nameGives', { file: name, id: fromName.id })
                  : t(fromName.error === 'invalid' ? 'map.patternInvalid' : 'map.nameNoMatch')}
              </span>
            )}
          </dd>
          <dt>{t('map.numbers')}</dt>
          <dd>
            {marks.length === 0
              ? t('map.decimalPoint')
              : marks
                  .map(([c, m]) => (m === ',' ? t('map.commaIn', { column: c }) : `${c}: “${m}”`))
                  .join(', ')}
          </dd>
          <dt>{t('map.delimiter')}</dt>
          <dd>{delimiterText(resolved.delimiter, t)}</dd>
          {eventColumns.length > 0 && (
            <>
              <dt>{t('map.eventColumns')}</dt>
              <dd data-testid="preview-events">
                {eventColumns
                  .map((c) => `${c.name} (${t(`role.${(roles[c.name] ?? c.role) as ColumnRole}`)})`)
                  .join(', ')}
              </dd>
            </>
          )}
        </dl>
      )}

      {resolved && resolved.assumptionCodes.length > 0 && (
        <div className="notice warn assumptions" data-testid="preview-assumptions">
          <strong>{t('map.assumed')}</strong>
          <ul>
            {resolved.assumptionCodes.map((a, k) => (
              <li key={k}>{assumptionText(i18n, a)}</li>
            ))}
          </ul>
        </div>
      )}

      {report && (
        <p data-testid="preview-counts">
          {t('map.counts', {
            n: num(limitRows),
            read: num(report.rowsRead),
            added: num(report.added + report.updated),
            dup: num(report.duplicates),
            rej: num(report.rejected),
          })}
          {report.missingValues > 0 &&
            ' ' + t('map.countsMissing', { n: num(report.missingValues) })}
          {ev &&
            (ev.failures > 0 || ev.errors > 0 || ev.maint > 0) &&
            ' ' +
              t('map.countsEvents', {
                failures: num(ev.failures),
                errors: num(ev.errors),
                maint: num(ev.maint),
              })}
        </p>
      )}
      {report && report.notImported.length > 0 && (
        <p className="muted small">
          {t('map.leftOut', {
            columns: report.notImported
              .map((c) => `${c.column} (${notImportedText(i18n, c)})`)
              .join('; '),
          })}
        </p>
      )}

      {columns.length > 0 && (
        <DataTable
          rows={columns}
          label={t('map.columnsOf', { file: name })}
          className="compact"
          rowKey={(c, i) => c.name + i}
          columns={[
            { id: 'column', header: t('import.col.column'), rowHeader: true, cell: (c) => c.name },
            {
              id: 'role',
              header: t('map.readAs'),
              cell: (c) => {
                const role = (roles[c.name] as ColumnRole | undefined) ?? c.role;
                return (
                  <>
                    <select
                      aria-label={t('import.roleFor', { column: c.name })}
                      value={role}
                      onChange={(e) => onRole(c.name, e.target.value as ColumnRole)}
                    >
                      {role === '' && <option value="">{t('map.roleUnknown')}</option>}
                      {ROLE_CHOICES.map((r) => (
                        <option key={r} value={r}>
                          {t(`role.${r}`)}
                        </option>
                      ))}
                    </select>
                    {role === 'tag' && tag !== undefined && (
                      <span className="muted small" data-testid="tag-example">
                        {' '}
                        {tagExample(tag, sharedMapping.tagPattern ?? '', t)}
                      </span>
                    )}
                  </>
                );
              },
            },
            {
              id: 'first',
              header: t('map.firstValue'),
              cellClass: 'muted',
              cell: (_, i) => firstValue(i) ?? '',
            },
          ]}
        />
      )}

      {sample && sample.columns.length > 0 && (
        <>
          <h4>{t('map.storedRows')}</h4>
          <DataTable
            rows={sample.rows.slice(0, SAMPLE_ROWS)}
            label={t('import.previewTable', { name })}
            columns={sample.columns.map((c, j) => ({
              id: String(j),
              header: c,
              cell: (r: string[]) => r[j],
            }))}
          />
          {sample.rows.length === 0 && <p className="muted">{t('map.noStoredRows')}</p>}
        </>
      )}

      {raw && raw.columns.length > 0 && (
        <details className="raw-lines">
          <summary>{t('map.rawLines')}</summary>
          <DataTable
            rows={[raw.columns, ...raw.rows]}
            label={t('map.rawTable', { file: name })}
            className="compact"
            headless
            columns={Array.from({ length: rawWidth(raw) }, (_, j) => ({
              id: String(j),
              header: j,
              cell: (r: readonly string[]) => r[j],
            }))}
          />
        </details>
      )}
    </details>
  );
}

type T = ReturnType<typeof useI18n>['t'];

/** Cells of the widest raw line: a ragged file's lines differ in length. */
function rawWidth(raw: {
  columns: readonly string[];
  rows: readonly (readonly string[])[];
}): number {
  return Math.max(raw.columns.length, ...raw.rows.map((r) => r.length));
}

function delimiterText(d: string, t: T): string {
  if (d === ',') return t('map.delim.comma');
  if (d === ';') return t('map.delim.semicolon');
  if (d === '\t') return t('map.delim.tab');
  if (d === ' ' || d === 'space') return t('map.delim.space');
  return `“${d}”`;
}

function tagExample(tag: string, pattern: string, t: T): string {
  const s = splitTag(pattern, tag);
  if (!s) return t('map.tagNoMatch', { tag });
  return s.machine
    ? t('map.tagGives', { tag, machine: s.machine, sensor: s.sensor })
    : t('map.tagIsSensor', { tag });
}
