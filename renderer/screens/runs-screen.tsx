/**
 * Runs and schedules: the scoring runs with status, duration and rows, each linking to
 * its ranking; a "score now" form; and the schedules (from the schedule engine).
 */
import { useEffect, useState } from 'react';
import type { RunInfo, ScheduleInfo } from '../../workers/app/api-types';
import { useApp } from '../app-state';
import { call, progressProxy } from '../engine-client';
import { useI18n } from '../i18n/i18n';
import { JobStatus } from '../components/job-status';
import { useJob } from '../components/use-job';

export function RunsScreen() {
  const { t, tOr, num, instant, date } = useI18n();
  const { summary, caps, changed, navigate, setError } = useApp();
  const [runs, setRuns] = useState<RunInfo[]>([]);
  const [schedules, setSchedules] = useState<ScheduleInfo[]>([]);
  const job = useJob();

  useEffect(() => {
    call((e) => Promise.all([e.runs(), e.schedules()]))
      .then(([r, s]) => {
        setRuns(r);
        setSchedules(s);
      })
      .catch((e: Error) => setError(e.message));
  }, [summary, setError]);

  const scoreLatest = async () => {
    const run = await job.run((onProgress) =>
      call((e) => e.score({ mode: 'latest' }, progressProxy(onProgress))),
    );
    if (run) {
      await changed();
      navigate('risks', run.id);
    }
  };

  const seconds = (ms: number | null) =>
    ms === null ? '—' : t('runs.seconds', { s: num(ms / 1000, 1) });

  return (
    <section className="screen" aria-labelledby="runs-title">
      <header className="screen-head row-between">
        <div>
          <h1 id="runs-title">{t('runs.title')}</h1>
          <p className="muted">{t('runs.intro')}</p>
        </div>
        {caps?.score && (
          <button
            type="button"
            className="btn primary"
            onClick={scoreLatest}
            disabled={job.running || summary?.activeModelId == null}
          >
            {t('runs.scoreLatest')}
          </button>
        )}
      </header>
      {caps?.score && summary?.activeModelId == null && (
        <p className="notice">{t('runs.needModel')}</p>
      )}
      <JobStatus job={job} label={t('risk.scoring')} />

      <div className="panel">
        <h2>{t('runs.history')}</h2>
        {runs.length === 0 ? (
          <p className="muted">{t('runs.none')}</p>
        ) : (
          <div className="table-wrap">
            <table className="data" aria-label={t('runs.history')}>
              <thead>
                <tr>
                  <th scope="col">{t('col.id')}</th>
                  <th scope="col">{t('runs.started')}</th>
                  <th scope="col">{t('runs.status')}</th>
                  <th scope="col">{t('runs.mode')}</th>
                  <th scope="col" className="num">
                    {t('runs.model')}
                  </th>
                  <th scope="col" className="num">
                    {t('runs.duration')}
                  </th>
                  <th scope="col" className="num">
                    {t('runs.rows')}
                  </th>
                  <th scope="col">{t('runs.ranking')}</th>
                </tr>
              </thead>
              <tbody>
                {runs.map((r) => (
                  <tr key={r.id}>
                    <td>#{r.id}</td>
                    <td>{instant(r.started)}</td>
                    <td>
                      <span
                        className={`badge ${r.status === 'ok' ? 'good' : r.status === 'failed' ? 'bad' : ''}`}
                        title={r.message ?? undefined}
                      >
                        {tOr(`status.${r.status}`, r.status)}
                      </span>
                    </td>
                    <td>
                      {tOr(`mode.${r.mode}`, r.mode)}
                      {r.rangeFrom !== null && r.rangeTo !== null
                        ? ` (${date(r.rangeFrom)} – ${date(r.rangeTo)})`
                        : ''}
                    </td>
                    <td className="num">#{r.modelId}</td>
                    <td className="num">{seconds(r.durationMs)}</td>
                    <td className="num">{num(r.rows)}</td>
                    <td>
                      {r.status === 'ok' ? <a href={`#/risks/${r.id}`}>{t('runs.open')}</a> : '—'}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>

      <div className="panel">
        <h2>{t('runs.schedules')}</h2>
        {!caps?.schedules ? (
          <p className="muted">{t('common.engineMissing')}</p>
        ) : schedules.length === 0 ? (
          <p className="muted">{t('runs.noSchedules')}</p>
        ) : (
          <table className="data" aria-label={t('runs.schedules')}>
            <thead>
              <tr>
                <th scope="col">{t('runs.scheduleName')}</th>
                <th scope="col">{t('runs.cron')}</th>
                <th scope="col">{t('runs.enabled')}</th>
                <th scope="col">{t('runs.next')}</th>
              </tr>
            </thead>
            <tbody>
              {schedules.map((s) => (
                <tr key={s.id}>
                  <td>{s.name}</td>
                  <td>
                    <code>{s.cron}</code> · {s.timezone}
                  </td>
                  <td>{s.enabled ? t('common.yes') : t('common.no')}</td>
                  <td>{s.nextRuns.slice(0, 5).map(instant).join(' · ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </section>
  );
}
