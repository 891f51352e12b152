/**
 * Start: create a plant, open a plant file, or open the simulated demo plant. With a
 * plant open it also shows its contents and offers save as / close. The browser build
 * lists every plant kept in the browser below (stored-plants.tsx).
 */
import { useState } from 'react';
import { useApp } from '../app-state';
import { call, progressProxy } from '../engine-client';
import { usePlantActions } from '../plant-actions';
import { useI18n } from '../i18n/i18n';
import { platform } from '../platform';
import { download } from '../platform/platform';
import { JobStatus } from '../components/job-status';
import { useJob } from '../components/use-job';
import { usePlantTimeZone } from '../components/plant-settings';
import { StoredPlants } from './stored-plants';

/** Reads a chosen file, reporting the share read (a plant file can be hundreds of MB). */
async function readFile(f: File, onFraction: (x: number) => void): Promise<Uint8Array> {
  const out = new Uint8Array(f.size);
  const reader = f.stream().getReader();
  let at = 0;
  let shown = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    out.set(value, at);
    at += value.length;
    // Whole percents only: a large file comes in thousands of chunks.
    const fraction = f.size ? Math.floor((at / f.size) * 100) / 100 : 1;
    if (fraction > shown) onFraction((shown = fraction));
  }
  return at === f.size ? out : out.subarray(0, at);
}

export function StartScreen() {
  const { t, num, date, pct } = useI18n();
  const { summary, changed, refresh, navigate, plantOpened, setError } = useApp();
  const [name, setName] = useState('');
  const [opening, setOpening] = useState<{ name: string; read: number } | null>(null);
  const job = useJob();
  const bundleJob = useJob();
  const [bundleNote, setBundleNote] = useState<string | null>(null);
  const timeZone = usePlantTimeZone();
  const {
    newPlant: createPlant,
    openBytes,
    openFile: openDesktop,
    saveAs,
    confirmReplace,
  } = usePlantActions();

  const openDemo = async () => {
    if (!(await confirmReplace())) return;
    const s = await job.run((onProgress) => call((e) => e.openDemo({}, progressProxy(onProgress))));
    if (s) {
      // The demo is not the open file's plant: the desktop must not save it there.
      await platform.detachFile();
      plantOpened();
      await changed();
      navigate(s.runs > 0 ? 'risks' : 'explore');
    }
  };

  const newPlant = () => createPlant(name);

  const exportBundle = async () => {
    setBundleNote(null);
    const got = await bundleJob.run((onProgress) =>
      call((e) => e.exportBundleZip(progressProxy(onProgress))),
    );
    if (got && summary) {
      // The archive is built in a fresh ArrayBuffer (never shared memory).
      download(`${summary.name}-bundle.zip`, got.zip as Uint8Array<ArrayBuffer>, 'application/zip');
      const n = got.noModel;
      setBundleNote(
        n === null
          ? t('bundle.withModel', { id: got.modelId ?? '' })
          : t(`bundle.noModel.${n.code}`, { id: n.modelId ?? '', learner: n.learner ?? '' }),
      );
    }
  };

  const close = async () => {
    try {
      if (!(await confirmReplace())) return;
      await call((e) => e.closePlant());
      await platform.detachFile();
      plantOpened();
      await refresh();
      navigate('start');
    } catch (e) {
      setError((e as Error).message);
    }
  };

  return (
    <section className="screen start" aria-labelledby="start-title">
      <header className="screen-head">
        <h1 id="start-title">{t('start.title')}</h1>
        <p className="muted">{t('start.intro')}</p>
      </header>

      <div className="cards">
        <div className="card">
          <h2>{t('start.demo.title')}</h2>
          <p className="muted">{t('start.demo.text')}</p>
          <button type="button" className="btn primary" onClick={openDemo} disabled={job.running}>
            {t('start.demo.button')}
          </button>
        </div>

        <div className="card">
          <h2>{t('start.new.title')}</h2>
          <p className="muted">{t('start.new.text')}</p>
          {!platform.newPlant && (
            <label className="field">
              <span className="label">{t('start.new.name')}</span>
              <input
                type="text"
                value={name}
                placeholder={t('start.defaultName')}
                onChange={(e) => setName(e.target.value)}
              />
            </label>
          )}
          <button type="button" className="btn" onClick={newPlant} disabled={job.running}>
            {t('start.new.button')}
          </button>
        </div>

        <div className="card">
          <h2>{t('start.open.title')}</h2>
          <p className="muted">{t('start.open.text')}</p>
          {platform.openPlant ? (
            <button type="button" className="btn" onClick={openDesktop} disabled={job.running}>
              {t('start.open.button')}
            </button>
          ) : (
            <label className="btn file-btn">
              {t('start.open.button')}
              <input
                type="file"
                accept=".pdm,.sqlite,.db"
                className="visually-hidden"
                disabled={job.running || opening !== null}
                onChange={async (e) => {
                  const f = e.target.files?.[0];
                  e.target.value = '';
                  if (!f) return;
                  setOpening({ name: f.name, read: 0 });
                  try {
                    const bytes = await readFile(f, (read) => setOpening({ name: f.name, read }));
                    setOpening({ name: f.name, read: 1 });
                    await openBytes(bytes, f.name);
                  } catch (err) {
                    // The file could not be read (moved, removed, no permission).
                    setError((err as Error).message);
                  } finally {
                    setOpening(null);
                  }
                }}
              />
            </label>
          )}
        </div>
      </div>

      <JobStatus job={job} label={t('start.demo.running')} />
      {opening && (
        <div className="job" role="status" aria-live="polite" data-testid="open-progress">
          <div className="job-text">
            {opening.read < 1
              ? t('plants.reading', { name: opening.name, pct: pct(opening.read) })
              : t('plants.checking', { name: opening.name })}
          </div>
          <progress
            max={1}
            value={opening.read < 1 ? opening.read : undefined}
            aria-label={t('plants.openingLabel', { name: opening.name })}
            className="job-bar"
          />
        </div>
      )}

      {platform.persistMode === 'opfs' && <StoredPlants />}

      {summary && (
        <div className="panel">
          <h2>{t('start.current', { name: summary.name })}</h2>
          <dl className="facts">
            <dt>{t('stats.machines')}</dt>
            <dd>{num(summary.machines)}</dd>
            <dt>{t('stats.telemetry')}</dt>
            <dd>{num(summary.telemetryRows)}</dd>
            <dt>{t('stats.sensors')}</dt>
            <dd>{summary.sensors.join(', ') || '—'}</dd>
            <dt>{t('stats.errors')}</dt>
            <dd>{num(summary.errors)}</dd>
            <dt>{t('stats.maint')}</dt>
            <dd>{num(summary.maint)}</dd>
            <dt>{t('stats.failures')}</dt>
            <dd>{num(summary.failures)}</dd>
            <dt>{t('stats.range')}</dt>
            <dd>
              {summary.from !== null && summary.to !== null
                ? `${date(summary.from)} – ${date(summary.to)}`
                : '—'}
            </dd>
            <dt>{t('stats.models')}</dt>
            <dd>{num(summary.models)}</dd>
            <dt>{t('stats.runs')}</dt>
            <dd>{num(summary.runs)}</dd>
            <dt>{t('settings.timeZone')}</dt>
            <dd>
              <span data-testid="start-zone">{timeZone ?? '…'}</span> ·{' '}
              <a href="#/settings">{t('settings.open')}</a>
            </dd>
          </dl>
          <div className="actions">
            <button type="button" className="btn" onClick={saveAs}>
              {t('start.saveAs')}
            </button>
            <button
              type="button"
              className="btn"
              onClick={exportBundle}
              disabled={bundleJob.running}
              title={t('bundle.exportHelp')}
            >
              {t('bundle.export')}
            </button>
            <button type="button" className="btn" onClick={close}>
              {t('start.close')}
            </button>
          </div>
          <JobStatus job={bundleJob} label={t('bundle.running')} />
          {bundleNote && (
            <p className="muted" role="status" data-testid="bundle-note">
              {bundleNote}
            </p>
          )}
        </div>
      )}
    </section>
  );
}
