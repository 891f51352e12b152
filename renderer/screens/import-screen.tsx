/**
 * Import: drop files or a folder (or pick them), check the detected kind, columns and
 * date format, import with progress and cancel, then read the report with the rejected
 * rows (file, line, column, reason).
 */
import { useState, type DragEvent } from 'react';
import type { FilePreview, ImportResult, ImportSource } from '../../workers/app/api-types';
import { useApp } from '../app-state';
import { call, progressProxy } from '../engine-client';
import { useI18n } from '../i18n/i18n';
import { platform } from '../platform';
import { JobStatus } from '../components/job-status';
import { useJob } from '../components/use-job';
import { filesFromDrop, isCsv } from '../components/file-drop';
import { ImportReportView } from './import-report';

const KINDS = ['telemetry', 'errors', 'maint', 'failures', 'machines'] as const;
const ROLES = ['timestamp', 'machine', 'sensor', 'event', 'model', 'age', 'ignore'] as const;
const DATE_FORMATS = [
  'YYYY-MM-DD HH:mm:ss',
  'M/D/YYYY h:mm:ss A',
  'D/M/YYYY HH:mm',
  'M/D/YYYY HH:mm',
];

export function ImportScreen() {
  const { t, tOr, num } = useI18n();
  const { caps, changed, setError } = useApp();
  const [sources, setSources] = useState<ImportSource[]>([]);
  const [previews, setPreviews] = useState<FilePreview[]>([]);
  const [kinds, setKinds] = useState<Record<string, string>>({});
  const [roles, setRoles] = useState<Record<string, Record<string, string>>>({});
  const [dateFormat, setDateFormat] = useState('auto');
  const [dragging, setDragging] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const job = useJob();

  const choose = async (list: ImportSource[]) => {
    setResult(null);
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

  const start = async () => {
    const r = await job.run((onProgress) =>
      call((e) =>
        e.importFiles(
          sources,
          { kinds, roles, dateFormat: dateFormat === 'auto' ? undefined : dateFormat },
          progressProxy(onProgress),
        ),
      ),
    );
    if (r) {
      setResult(r);
      setSources([]);
      setPreviews([]);
    }
    await changed();
  };

  if (!caps?.import) {
    return (
      <section className="screen" aria-labelledby="import-title">
        <h1 id="import-title">{t('import.title')}</h1>
        <p className="notice">{t('common.engineMissing')}</p>
      </section>
    );
  }

  return (
    <section className="screen" aria-labelledby="import-title">
      <header className="screen-head">
        <h1 id="import-title">{t('import.title')}</h1>
        <p className="muted">{t('import.intro')}</p>
      </header>

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
          <div className="row-between">
            <h2>{t('import.selected', { n: previews.length })}</h2>
            <label className="field inline">
              <span className="label">{t('import.dateFormat')}</span>
              <select value={dateFormat} onChange={(e) => setDateFormat(e.target.value)}>
                <option value="auto">{t('import.dateAuto')}</option>
                {DATE_FORMATS.map((f) => (
                  <option key={f} value={f}>
                    {f}
                  </option>
                ))}
              </select>
            </label>
          </div>
          {previews.map((p) => (
            <details key={p.name} className="file-preview" open={previews.length <= 2}>
              <summary>
                <strong>{p.name}</strong> · {num(p.size / 1024, 0)} KB ·{' '}
                <span className={p.kind ? 'badge' : 'badge warn'}>
                  {p.kind ? tOr(`kind.${p.kind}`, p.kind) : t('import.unknownKind')}
                </span>
                {p.dateFormat && <span className="muted"> · {p.dateFormat}</span>}
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
            <button type="button" className="btn primary" onClick={start} disabled={job.running}>
              {t('import.start', { n: previews.length })}
            </button>
          </div>
        </div>
      )}

      <JobStatus job={job} label={t('import.running')} />
      {result && <ImportReportView result={result} />}
    </section>
  );
}
