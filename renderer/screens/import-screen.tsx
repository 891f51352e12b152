/**
 * Import: drop files or a folder (or pick them), check the detected kind, columns and
 * date format, set the import options (date format, decimal mark, encoding), import with
 * progress and cancel, then read the report. The plant time zone, which offset and epoch
 * timestamps are converted to, and the observation step are shown, and the plant
 * settings can be changed here; a cadence proposed by the report opens them filled in.
 */
import { useState, type DragEvent } from 'react';
import type {
  FilePreview,
  ImportOptions,
  ImportResult,
  ImportSource,
} from '../../workers/app/api-types';
import { useApp } from '../app-state';
import { call, progressProxy } from '../engine-client';
import { useI18n } from '../i18n/i18n';
import { platform } from '../platform';
import { JobStatus } from '../components/job-status';
import { useJob } from '../components/use-job';
import { filesFromDrop, isCsv } from '../components/file-drop';
import { PlantSettingsPanel, usePlantSettings } from '../components/plant-settings';
import type { CadencePrefill } from '../components/cadence-settings';
import { lengthText } from '../components/cadence-text';
import type { Cadence } from '../../workers/shared/cadence';
import { Field } from './schedules/field';
import { ImportReportView } from './import-report';

const KINDS = ['telemetry', 'errors', 'maint', 'failures', 'machines'] as const;
const ROLES = ['timestamp', 'machine', 'sensor', 'event', 'model', 'age', 'ignore'] as const;
/** Date format choices: '' detected, 'custom' a pattern typed below, else the importer's name. */
const DATE_MODES = ['', 'DMY', 'MDY', 'excel', 'epoch-s', 'epoch-ms', 'custom'] as const;
const DECIMAL_MARKS = ['', '.', ','] as const;
const ENCODINGS = ['', 'utf-8', 'windows-1252', 'utf-16le', 'utf-16be'] as const;
const DECIMAL_KEYS = {
  '': 'import.detected',
  '.': 'import.decimal.point',
  ',': 'import.decimal.comma',
} as const;
const DATE_KEYS = {
  '': 'import.detected',
  DMY: 'import.date.dmy',
  MDY: 'import.date.mdy',
  excel: 'import.date.excel',
  'epoch-s': 'import.date.epochS',
  'epoch-ms': 'import.date.epochMs',
  custom: 'import.date.custom',
} as const;

export function ImportScreen() {
  const i18n = useI18n();
  const { t, tOr, num } = i18n;
  const { changed, setError } = useApp();
  const [sources, setSources] = useState<ImportSource[]>([]);
  const [previews, setPreviews] = useState<FilePreview[]>([]);
  const [kinds, setKinds] = useState<Record<string, string>>({});
  const [roles, setRoles] = useState<Record<string, Record<string, string>>>({});
  const [dateMode, setDateMode] = useState<(typeof DATE_MODES)[number]>('');
  const [pattern, setPattern] = useState('');
  const [decimalMark, setDecimalMark] = useState<(typeof DECIMAL_MARKS)[number]>('');
  const [encoding, setEncoding] = useState<(typeof ENCODINGS)[number]>('');
  const [dragging, setDragging] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [unlisted, setUnlisted] = useState<string[] | null>(null);
  const [showSettings, setShowSettings] = useState(false);
  const [cadencePrefill, setCadencePrefill] = useState<CadencePrefill | null>(null);
  const settings = usePlantSettings();
  const timeZone = settings?.timeZone ?? null;
  const job = useJob();
  const needsPattern = dateMode === 'custom' && pattern.trim() === '';

  const choose = async (list: ImportSource[]) => {
    setResult(null);
    setUnlisted(null);
    setSources(list);
    setKinds({});
    setRoles({});
    try {
      setPreviews(await Promise.all(list.map((s) => call((e) => e.preview(s)))));
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const onDrop = async (ev: DragEvent) => {
    ev.preventDefault();
    setDragging(false);
    await choose(await filesFromDrop(ev.dataTransfer));
  };

  const pickDesktop = async (folder: boolean) => {
    const list = await platform.pickImport!(folder);
    if (list) await choose(list);
  };

  const options = (): ImportOptions => ({
    kinds,
    roles,
    dateFormat: dateMode === 'custom' ? pattern.trim() : dateMode || undefined,
    decimalMark: decimalMark || undefined,
    encoding: encoding || undefined,
  });

  const start = async () => {
    const opts = options();
    const r = await job.run((onProgress) =>
      call((e) => e.importFiles(sources, opts, progressProxy(onProgress))),
    );
    if (r) {
      setResult(r);
      setSources([]);
      setPreviews([]);
      try {
        setUnlisted(await call((e) => e.machinesWithoutListRow()));
      } catch (e) {
        setError((e as Error).message);
      }
    }
    await changed();
  };

  /** "Edit settings…" in the report: the settings open with the proposal filled in. */
  const editCadence = (cadence: Cadence) => {
    setShowSettings(true);
    setCadencePrefill({ cadence });
  };

  return (
    <section className="screen" aria-labelledby="import-title">
      <header className="screen-head">
        <h1 id="import-title">{t('import.title')}</h1>
        <p className="muted">{t('import.intro')}</p>
      </header>

      <div className="zone-bar">
        <span>
          {t('import.plantZone')} <strong data-testid="import-zone">{timeZone ?? '…'}</strong>
          <span className="muted"> · {t('import.plantZoneNote')}</span>
          {settings && (
            <span className="muted" data-testid="import-step">
              {' '}
              · {t('import.plantStep', { step: lengthText(i18n, settings.cadence.stepSeconds) })}
            </span>
          )}
        </span>
        <button
          type="button"
          className="btn small"
          aria-expanded={showSettings}
          aria-controls="import-plant-settings"
          onClick={() => {
            setShowSettings(!showSettings);
            setCadencePrefill(null);
          }}
        >
          {showSettings ? t('import.hideSettings') : t('import.changeZone')}
        </button>
      </div>
      {showSettings && (
        <div className="panel" id="import-plant-settings">
          <PlantSettingsPanel cadencePrefill={cadencePrefill} />
        </div>
      )}

      <div
        className={'dropzone' + (dragging ? ' dragging' : '')}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>{t('import.drop')}</p>
        <div className="actions">
          {platform.pickImport ? (
            <>
              <button type="button" className="btn" onClick={() => pickDesktop(false)}>
                {t('import.pickFiles')}
              </button>
              <button type="button" className="btn" onClick={() => pickDesktop(true)}>
                {t('import.pickFolder')}
              </button>
            </>
          ) : (
            <>
              <label className="btn file-btn">
                {t('import.pickFiles')}
                <input
                  type="file"
                  multiple
                  accept=".csv,.txt,text/csv"
                  className="visually-hidden"
                  data-testid="import-files"
                  onChange={(e) => {
                    const files = [...(e.target.files ?? [])];
                    e.target.value = '';
                    void choose(files);
                  }}
                />
              </label>
              <label className="btn file-btn">
                {t('import.pickFolder')}
                <input
                  type="file"
                  multiple
                  className="visually-hidden"
                  {...{ webkitdirectory: '' }}
                  onChange={(e) => {
                    const files = [...(e.target.files ?? [])].filter(isCsv);
                    e.target.value = '';
                    void choose(files);
                  }}
                />
              </label>
            </>
          )}
        </div>
      </div>

      {previews.length > 0 && (
        <div className="panel">
          <h2>{t('import.selected', { n: previews.length })}</h2>
          <fieldset className="import-options">
            <legend>{t('import.options')}</legend>
            <div className="form-grid">
              <Field label={t('import.dateFormat')} hint={t('import.dateHelp')}>
                {({ id, describedBy }) => (
                  <select
                    id={id}
                    aria-describedby={describedBy}
                    value={dateMode}
                    onChange={(e) => setDateMode(e.target.value as (typeof DATE_MODES)[number])}
                  >
                    {DATE_MODES.map((m) => (
                      <option key={m} value={m}>
                        {t(DATE_KEYS[m])}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              {dateMode === 'custom' && (
                <Field
                  label={t('import.pattern')}
                  hint={t('import.patternHelp')}
                  error={needsPattern ? t('import.patternMissing') : undefined}
                >
                  {({ id, describedBy }) => (
                    <input
                      id={id}
                      aria-describedby={describedBy}
                      className="pattern"
                      spellCheck={false}
                      autoComplete="off"
                      placeholder="D/M/YY HH:mm"
                      value={pattern}
                      onChange={(e) => setPattern(e.target.value)}
                    />
                  )}
                </Field>
              )}
              <Field label={t('import.decimalMark')}>
                {({ id }) => (
                  <select
                    id={id}
                    value={decimalMark}
                    onChange={(e) =>
                      setDecimalMark(e.target.value as (typeof DECIMAL_MARKS)[number])
                    }
                  >
                    {DECIMAL_MARKS.map((m) => (
                      <option key={m} value={m}>
                        {t(DECIMAL_KEYS[m])}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
              <Field label={t('import.encoding')}>
                {({ id }) => (
                  <select
                    id={id}
                    value={encoding}
                    onChange={(e) => setEncoding(e.target.value as (typeof ENCODINGS)[number])}
                  >
                    {ENCODINGS.map((m) => (
                      <option key={m} value={m}>
                        {m ? m.toUpperCase().replace('WINDOWS', 'Windows') : t('import.detected')}
                      </option>
                    ))}
                  </select>
                )}
              </Field>
            </div>
          </fieldset>
          {previews.map((p) => (
            <details key={p.name} className="file-preview" open={previews.length <= 2}>
              <summary>
                <strong>{p.name}</strong> · {num(p.size / 1024, 0)} KB ·{' '}
                <span className={p.kind ? 'badge' : 'badge warn'}>
                  {p.kind ? tOr(`kind.${p.kind}`, p.kind) : t('import.unknownKind')}
                </span>
                {p.dateFormat && (
                  <span className="muted">
                    {' '}
                    · {t('import.detectedDates', { format: p.dateFormat })}
                  </span>
                )}
              </summary>
              <label className="field inline">
                <span className="label">{t('import.kind')}</span>
                <select
                  value={kinds[p.name] ?? p.kind ?? ''}
                  onChange={(e) => setKinds({ ...kinds, [p.name]: e.target.value })}
                >
                  <option value="">{t('import.detect')}</option>
                  {KINDS.map((k) => (
                    <option key={k} value={k}>
                      {t(`kind.${k}`)}
                    </option>
                  ))}
                </select>
              </label>
              <div className="table-wrap">
                <table className="data" aria-label={t('import.previewTable', { name: p.name })}>
                  <thead>
                    <tr>
                      {p.columns.map((c) => (
                        <th key={c} scope="col">
                          <div>{c}</div>
                          <select
                            aria-label={t('import.roleFor', { column: c })}
                            value={roles[p.name]?.[c] ?? ''}
                            onChange={(e) =>
                              setRoles({
                                ...roles,
                                [p.name]: { ...roles[p.name], [c]: e.target.value },
                              })
                            }
                          >
                            <option value="">{t('import.roleAuto')}</option>
                            {ROLES.map((r) => (
                              <option key={r} value={r}>
                                {t(`role.${r}`)}
                              </option>
                            ))}
                          </select>
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {p.rows.map((r, i) => (
                      <tr key={i}>
                        {p.columns.map((_, j) => (
                          <td key={j}>{r[j]}</td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </details>
          ))}
          <div className="actions">
            <button
              type="button"
              className="btn primary"
              onClick={start}
              disabled={job.running || needsPattern}
            >
              {t('import.start', { n: previews.length })}
            </button>
          </div>
        </div>
      )}

      <JobStatus job={job} label={t('import.running')} />
      {result && (
        <ImportReportView result={result} unlisted={unlisted} onEditCadence={editCadence} />
      )}
    </section>
  );
}
