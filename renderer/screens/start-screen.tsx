/**
 * Start: create a plant, open a plant file, or open the simulated demo plant. With a
 * plant open it also shows its contents and offers save as / close.
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

export function StartScreen() {
  const { t, num, date } = useI18n();
  const { summary, changed, navigate, plantOpened } = useApp();
  const [name, setName] = useState('');
  const job = useJob();
  const bundleJob = useJob();
  const timeZone = usePlantTimeZone();

  const openDemo = async () => {
    const s = await job.run((onProgress) => call((e) => e.openDemo({}, progressProxy(onProgress))));
    if (s) {
      plantOpened();
      await changed();
      navigate(s.runs > 0 ? 'risks' : 'explore');
    }
  };

  const { newPlant: createPlant, openBytes, openFile: openDesktop, saveAs } = usePlantActions();
  const newPlant = () => createPlant(name);

  const exportBundle = async () => {
    const bytes = await bundleJob.run((onProgress) =>
      call((e) => e.exportBundleZip(progressProxy(onProgress))),
    );
    if (bytes && summary) {
      // The archive is built in a fresh ArrayBuffer (never shared memory).
      download(`${summary.name}-bundle.zip`, bytes as Uint8Array<ArrayBuffer>, 'application/zip');
    }
  };

  const close = async () => {
    await call((e) => e.closePlant());
    plantOpened();
    await changed();
    navigate('start');
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
                disabled={job.running}
                onChange={async (e) => {
                  const f = e.target.files?.[0];
                  e.target.value = '';
                  if (f) await openBytes(new Uint8Array(await f.arrayBuffer()), f.name);
                }}
              />
            </label>
          )}
        </div>
      </div>

      <JobStatus job={job} label={t('start.demo.running')} />

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
        </div>
      )}
    </section>
  );
}
