/**
 * Import: drop files or a folder (or pick them), see what the import will do with each
 * (a dry run of the importer on the first rows: kind, columns and their roles, how
 * timestamps read, where machine ids come from, what detection assumed, the first rows
 * as stored), change it in the mapping editor (roles per file, shared settings), save
 * the settings as a named profile or read the files with one, import with progress and
 * cancel, then read the report. The plant time zone, which offset and epoch timestamps
 * are converted to, and the observation step are shown, and the plant settings can be
 * changed here; a cadence proposed by the report opens them filled in.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type DragEvent } from 'react';
import type {
  FilePreview,
  ImportMapping,
  ImportOptions,
  ImportProfile,
  ImportResult,
  ImportSource,
} from '../../workers/app/api-types';
import type { ColumnRole, ImportKind } from '../../workers/ingest/types';
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
import { ImportReportView } from './import-report';
import {
  DEFAULT_SHARED,
  fileMapping,
  fromMapping,
  missingSetting,
  profileBase,
  profileMapping,
  toMapping,
  type SharedSettings,
} from './import-mapping';
import { SharedOptions } from './import-options';
import { FileMappingView, shownPreview, type PreviewState } from './import-preview';
import { ProfilePicker, SaveProfile } from './import-profiles';
import { BackupHint } from '../components/backup-hint';

/** Data rows per file the preview's dry run reads: enough for counts and detection. */
const PREVIEW_ROWS = 500;
/** Pause after an edit before the preview runs again (typing a pattern). */
const PREVIEW_DELAY_MS = 300;

export function ImportScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const { changed, setError } = useApp();
  const [sources, setSources] = useState<ImportSource[]>([]);
  const [raws, setRaws] = useState<Record<string, FilePreview>>({});
  const [shared, setShared] = useState<SharedSettings>(DEFAULT_SHARED);
  const [profile, setProfile] = useState('');
  const [base, setBase] = useState<ReturnType<typeof profileBase>>({});
  const [kinds, setKinds] = useState<Record<string, ImportKind>>({});
  const [roles, setRoles] = useState<Record<string, Record<string, ColumnRole>>>({});
  const [previews, setPreviews] = useState<Record<string, PreviewState>>({});
  const [profiles, setProfiles] = useState<ImportProfile[]>([]);
  const [profileNote, setProfileNote] = useState('');
  const [dragging, setDragging] = useState(false);
  const [result, setResult] = useState<ImportResult | null>(null);
  const [unlisted, setUnlisted] = useState<string[] | null>(null);
  const [showSettings, setShowSettings] = useState(false);
  const [cadencePrefill, setCadencePrefill] = useState<CadencePrefill | null>(null);
  const settings = usePlantSettings();
  const timeZone = settings?.timeZone ?? null;
  const job = useJob();
  const missing = missingSetting(shared);
  const sharedMapping = useMemo(() => toMapping(shared), [shared]);

  const mappingFor = useCallback(
    (name: string): ImportMapping => fileMapping(sharedMapping, base, kinds[name], roles[name]),
    [sharedMapping, base, kinds, roles],
  );

  const loadProfiles = useCallback(async () => {
    try {
      setProfiles(await call((e) => e.listProfiles()));
    } catch (e) {
      setError((e as Error).message);
    }
  }, [setError]);
  useEffect(() => {
    let stale = false;
    call((e) => e.listProfiles()).then(
      (list) => {
        if (!stale) setProfiles(list);
      },
      (e: Error) => setError(e.message),
    );
    return () => {
      stale = true;
    };
  }, [setError]);

  // The preview: one dry run per file whose mapping changed, one at a time (the engine
  // runs one task at once), the newest mapping winning; a file keeps its last preview
  // on screen while the next one is computed.
  const wanted = useMemo(
    () => Object.fromEntries(sources.map((s) => [s.name, JSON.stringify(mappingFor(s.name))])),
    [sources, mappingFor],
  );
  const wantedRef = useRef(wanted);
  const sourcesRef = useRef(sources);
  useEffect(() => {
    wantedRef.current = wanted;
    sourcesRef.current = sources;
  }, [wanted, sources]);
  const doneRef = useRef<Record<string, string>>({});
  const rawAsked = useRef(new Set<ImportSource>());
  const pumping = useRef<Promise<void> | null>(null);
  const pump = useCallback((): Promise<void> => {
    if (pumping.current) return pumping.current;
    const run = async () => {
      for (;;) {
        const src = sourcesRef.current.find(
          (s) => doneRef.current[s.name] !== wantedRef.current[s.name],
        );
        if (!src) break;
        const key = wantedRef.current[src.name];
        doneRef.current[src.name] = key;
        setPreviews((p) => ({
          ...p,
          [src.name]: { status: 'loading', last: shownPreview(p[src.name]) },
        }));
        let next: PreviewState;
        try {
          // The file's first lines as written (for columns the dry run cannot name),
          // asked in this same queue: both read through the plant's store.
          if (!rawAsked.current.has(src)) {
            rawAsked.current.add(src);
            const raw = await call((e) => e.preview(src)).catch(() => null);
            if (raw) setRaws((r) => ({ ...r, [src.name]: raw }));
          }
          const mapping = JSON.parse(key) as ImportMapping;
          const [r] = await call((e) => e.previewImport([src], mapping, PREVIEW_ROWS));
          next = { status: 'done', preview: r };
        } catch (e) {
          next = { status: 'failed', message: (e as Error).message };
        }
        if (!sourcesRef.current.includes(src)) continue;
        setPreviews((p) => ({ ...p, [src.name]: next }));
      }
    };
    pumping.current = run().finally(() => {
      pumping.current = null;
    });
    return pumping.current;
  }, []);
  useEffect(() => {
    if (sources.length === 0 || missing || job.running) return;
    const h = setTimeout(() => void pump(), PREVIEW_DELAY_MS);
    return () => clearTimeout(h);
  }, [wanted, sources, missing, job.running, pump]);

  const choose = (list: ImportSource[]) => {
    setResult(null);
    setUnlisted(null);
    setSources(list);
    setKinds({});
    setRoles({});
    setPreviews({});
    setRaws({});
    doneRef.current = {};
    rawAsked.current = new Set();
  };

  const onDrop = async (ev: DragEvent) => {
    ev.preventDefault();
    setDragging(false);
    choose(await filesFromDrop(ev.dataTransfer));
  };

  const pickDesktop = async (folder: boolean) => {
    const list = await platform.pickImport!(folder);
    if (list) choose(list);
  };

  const pickProfile = (name: string) => {
    const p = profiles.find((x) => x.name === name);
    setProfile(p ? p.name : '');
    setShared(p ? fromMapping(p.mapping) : DEFAULT_SHARED);
    setBase(profileBase(p?.mapping ?? null));
    setKinds({});
    setRoles({});
    setProfileNote('');
  };

  const removeProfile = async (name: string) => {
    try {
      await call((e) => e.removeProfile(name));
      setProfile('');
      setProfileNote(t('profile.removed', { name }));
      await loadProfiles();
    } catch (e) {
      setError((e as Error).message);
    }
  };

  const saveProfile = async (name: string): Promise<string | null> => {
    const names = sources.map((s) => s.name);
    const mapping = profileMapping(
      sharedMapping,
      base,
      names.map((n) => kinds[n]),
      names.map((n) => roles[n]),
    );
    try {
      await call((e) => e.saveProfile(name, mapping));
    } catch (e) {
      return (e as Error).message;
    }
    await loadProfiles();
    setProfile(name);
    setProfileNote('');
    return null;
  };

  const options = (): ImportOptions => ({
    mappings: Object.fromEntries(sources.map((s) => [s.name, mappingFor(s.name)])),
  });

  const start = async () => {
    // The engine runs one task at once: a preview still running finishes first.
    await pumping.current;
    const opts = options();
    const r = await job.run((onProgress) =>
      call((e) => e.importFiles(sources, opts, progressProxy(onProgress))),
    );
    if (r) {
      setResult(r);
      setSources([]);
      setPreviews({});
      setRaws({});
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

  /** Some column of some file is read as `role`: chosen here, by the profile, or detected. */
  const roleIn = (role: ColumnRole) =>
    Object.values(base.map ?? {}).includes(role) ||
    sources.some((s) => {
      if (Object.values(roles[s.name] ?? {}).includes(role)) return true;
      const cols = shownPreview(previews[s.name])?.mapping?.columns ?? [];
      return cols.some((c) => (roles[s.name]?.[c.name] ?? base.map?.[c.name] ?? c.role) === role);
    });

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

      <ProfilePicker
        profiles={profiles}
        value={profile}
        onPick={pickProfile}
        onRemove={removeProfile}
      />
      <p role="status" className="muted small">
        {profileNote}
      </p>

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
                    choose(files);
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
                    choose(files);
                  }}
                />
              </label>
            </>
          )}
        </div>
      </div>

      {sources.length > 0 && (
        <div className="panel" data-testid="import-mapping">
          <h2>{t('import.selected', { n: sources.length })}</h2>
          <p className="muted small">{t('map.intro', { n: PREVIEW_ROWS })}</p>
          <SharedOptions
            s={shared}
            set={(patch) => setShared((x) => ({ ...x, ...patch }))}
            fileNames={sources.map((x) => x.name)}
            hasFlag={roleIn('failure-flag')}
            hasTag={roleIn('tag')}
          />
          {missing && (
            <p className="notice warn" role="status">
              {t(missing as Parameters<typeof t>[0])}
            </p>
          )}
          {sources.map((src) => (
            <FileMappingView
              key={src.name}
              open={sources.length <= 2}
              name={src.name}
              size={src instanceof Blob ? src.size : src.bytes.length}
              state={previews[src.name]}
              raw={raws[src.name]}
              shared={shared}
              sharedMapping={sharedMapping}
              limitRows={PREVIEW_ROWS}
              kind={kinds[src.name] ?? base.kind}
              roles={{ ...base.map, ...roles[src.name] }}
              onKind={(k) => setKinds((x) => ({ ...x, [src.name]: k }))}
              onRole={(column, role) =>
                setRoles((x) => ({ ...x, [src.name]: { ...x[src.name], [column]: role } }))
              }
            />
          ))}
          <div className="actions">
            <button
              type="button"
              className="btn primary"
              onClick={start}
              disabled={job.running || !!missing}
            >
              {t('import.start', { n: sources.length })}
            </button>
            <SaveProfile
              suggested={profile}
              disabled={job.running || !!missing}
              onSave={saveProfile}
            />
          </div>
        </div>
      )}

      <JobStatus job={job} label={t('import.running')} />
      {result && (
        <ImportReportView result={result} unlisted={unlisted} onEditCadence={editCadence} />
      )}
      {result && <BackupHint rowsAdded={result.files.reduce((n, f) => n + f.rowsAdded, 0)} />}
    </section>
  );
}
