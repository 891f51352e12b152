/**
 * Runs and schedules: score now (latest observations or a date range), the
 * schedules with create/edit/enable/run now/remove, the history of every slot with its
 * outcome, the scoring runs, and outcome tracking (precision and recall over time).
 * Reloads when the app's schedule clock runs something.
 */
import { useCallback, useEffect, useState } from 'react';
import type { RunInfo } from '../../workers/app/api-types';
import type { OutcomePoint, ScheduleView, SlotView } from '../../workers/app/schedule-types';
import { useApp } from '../app-state';
import { call, progressProxy } from '../engine-client';
import { useI18n, type I18n } from '../i18n/i18n';
import { JobStatus } from '../components/job-status';
import { useJob } from '../components/use-job';
import { DateRange } from '../components/date-range';
import { platform } from '../platform';
import { onScheduleChange, runScheduleNow } from '../schedule-clock';
import { FolderConfirm } from './schedules/folder-confirm';
import { ScheduleForm } from './schedules/schedule-form';
import { ScheduleList } from './schedules/schedule-list';
import { SlotHistory } from './schedules/slot-history';
import { OutcomePanel } from './schedules/outcome-panel';
import { DataTable, type Column } from '../components/data-table';

const DAY = 86400;

export function RunsScreen() {
  const i18n = useI18n();
  const { t } = i18n;
  const { summary, changed, navigate, setError, thresholds } = useApp();
  const [runs, setRuns] = useState<RunInfo[]>([]);
  const [schedules, setSchedules] = useState<ScheduleView[]>([]);
  const [slots, setSlots] = useState<SlotView[]>([]);
  const [outcomes, setOutcomes] = useState<OutcomePoint[]>([]);
  const [editing, setEditing] = useState<ScheduleView | 'new' | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  // Worded at render from what happened, so a language switch rewords it too.
  const [notice, setNotice] = useState<((i: I18n) => string) | null>(null);
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const [permission, setPermission] = useState(() =>
    typeof Notification === 'undefined' ? 'unsupported' : Notification.permission,
  );
  const job = useJob();

  const load = useCallback(async () => {
    const now = Date.now();
    const high = thresholds.high;
    const [r, s, h, o] = await call((e) =>
      Promise.all([e.runs(), e.sched.list(now), e.sched.history(), e.sched.outcomes(high)]),
    );
    setRuns(r);
    setSchedules(s);
    setSlots(h);
    setOutcomes(o);
  }, [thresholds.high]);

  useEffect(() => {
    // load() sets state only after its await (a false positive of this rule).
    // eslint-disable-next-line react-hooks/set-state-in-effect
    load().catch((e: Error) => setError(e.message));
  }, [summary, load, setError]);
  useEffect(
    () => onScheduleChange(() => void load().catch((e: Error) => setError(e.message))),
    [load, setError],
  );
  // The first plant summary with data sets the default range (the last 7 days), once.
  if (range === null && summary?.from != null && summary.to != null) {
    setRange({ from: Math.max(summary.from, summary.to - 7 * DAY), to: summary.to });
  }

  const score = async (req: { mode: 'latest' } | { mode: 'range'; from: number; to: number }) => {
    const run = await job.run((onProgress) => call((e) => e.score(req, progressProxy(onProgress))));
    if (run) {
      await changed();
      navigate('risks', run.id);
    }
  };

  const runNow = async (s: ScheduleView) => {
    setBusyId(s.id);
    setNotice(null);
    try {
      const r = await runScheduleNow(s.id, thresholds.high);
      if (r === null || r.busy) setNotice(() => (i: I18n) => i.t('sched.busy'));
      else {
        const row = r.finished[0];
        if (row) {
          setNotice(
            () => (i: I18n) =>
              i.t('sched.ranNotice', {
                name: s.name,
                outcome: i.t(`sched.outcome.${row.outcome}`),
                rows: i.num(row.rowsScored ?? 0),
              }),
          );
        }
      }
      await load();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusyId(null);
    }
  };

  const toggle = async (s: ScheduleView, enabled: boolean) => {
    await call((e) => e.sched.setEnabled(s.id, enabled, Date.now()));
    await changed();
  };
  const remove = async (s: ScheduleView) => {
    await call((e) => e.sched.remove(s.id));
    await changed();
  };

  const noModel = summary?.activeModelId == null;
  return (
    <section className="screen" aria-labelledby="runs-title">
      <header className="screen-head">
        <h1 id="runs-title">{t('runs.title')}</h1>
        <p className="muted">{t('sched.intro')}</p>
      </header>

      <div className="panel">
        <h2>{t('sched.scoreNow')}</h2>
        {noModel && <p className="notice">{t('runs.needModel')}</p>}
        <div className="toolbar">
          <button
            type="button"
            className="btn primary"
            onClick={() => score({ mode: 'latest' })}
            disabled={job.running || noModel}
          >
            {t('runs.scoreLatest')}
          </button>
          {range && (
            <>
              <span className="muted">{t('sched.orRange')}</span>
              <DateRange value={range} onChange={setRange} />
              <button
                type="button"
                className="btn"
                onClick={() => score({ mode: 'range', ...range })}
                disabled={job.running || noModel}
              >
                {t('sched.scoreRange')}
              </button>
            </>
          )}
        </div>
        <JobStatus job={job} label={t('risk.scoring')} />
      </div>

      <div className="panel">
        <div className="row-between">
          <h2>{t('runs.schedules')}</h2>
          {editing === null && (
            <button type="button" className="btn primary" onClick={() => setEditing('new')}>
              {t('sched.new')}
            </button>
          )}
        </div>
        <>
          <p className="muted small">
            {platform.kind === 'desktop' ? t('sched.clockDesktop') : t('sched.clockBrowser')}
          </p>
          {platform.kind === 'browser' && permission === 'default' && (
            <p className="small">
              <button
                type="button"
                className="btn link"
                onClick={() => void Notification.requestPermission().then(setPermission)}
              >
                {t('sched.allowNotifications')}
              </button>
            </p>
          )}
          {notice && (
            <p className="notice" role="status">
              {notice(i18n)}
            </p>
          )}
          <FolderConfirm schedules={schedules} />
          {editing !== null && (
            <ScheduleForm
              key={editing === 'new' ? 'new' : editing.id}
              initial={editing === 'new' ? null : editing}
              onDone={() => setEditing(null)}
            />
          )}
          {schedules.length === 0 ? (
            editing === null && <p className="muted">{t('runs.noSchedules')}</p>
          ) : (
            <ScheduleList
              schedules={schedules}
              busyId={busyId}
              onEdit={(s) => setEditing(s)}
              onRunNow={(s) => void runNow(s)}
              onToggle={(s, on) => void toggle(s, on).catch((e: Error) => setError(e.message))}
              onRemove={(s) => void remove(s).catch((e: Error) => setError(e.message))}
            />
          )}
        </>
      </div>

      <div className="panel">
        <h2>{t('sched.history')}</h2>
        <SlotHistory slots={slots} schedules={schedules} />
      </div>

      <div className="panel">
        <h2>{t('sched.outcomes')}</h2>
        <p className="muted small">
          {t('sched.outcomesIntro', { p: Math.round(thresholds.high * 100) })}
        </p>
        <OutcomePanel points={outcomes} />
      </div>

      <div className="panel">
        <h2>{t('runs.history')}</h2>
        <RunHistory runs={runs} />
      </div>
    </section>
  );
}

/** Every scoring run, newest first; sortable by start, machines and risks. */
function RunHistory({ runs }: { runs: RunInfo[] }) {
  const { t, tOr, num, instant, date } = useI18n();
  const columns: Column<RunInfo>[] = [
    {
      id: 'id',
      header: t('col.id'),
      cell: (r) => `#${r.id}`,
      sortValue: (r) => r.id,
      sortFirst: 'descending',
    },
    {
      id: 'started',
      header: t('runs.started'),
      cell: (r) => instant(r.started),
      sortValue: (r) => r.started,
      sortFirst: 'descending',
    },
    {
      id: 'status',
      header: t('runs.status'),
      cell: (r) => (
        <span
          className={`badge ${r.status === 'ok' ? 'good' : r.status === 'failed' ? 'bad' : ''}`}
          title={r.message ?? undefined}
        >
          {tOr(`status.${r.status}`, r.status)}
        </span>
      ),
    },
    {
      id: 'mode',
      header: t('runs.mode'),
      cell: (r) =>
        tOr(`mode.${r.mode}`, r.mode) +
        (r.rangeFrom !== null && r.rangeTo !== null
          ? ` (${date(r.rangeFrom)} – ${date(r.rangeTo)})`
          : '') +
        (r.scheduleId !== null ? ` · ${t('sched.bySchedule')}` : ''),
    },
    { id: 'model', header: t('runs.model'), num: true, cell: (r) => `#${r.modelId}` },
    {
      id: 'duration',
      header: t('runs.duration'),
      num: true,
      cell: (r) =>
        r.durationMs === null ? '—' : t('runs.seconds', { s: num(r.durationMs / 1000, 1) }),
      sortValue: (r) => r.durationMs,
      sortFirst: 'descending',
    },
    {
      id: 'machines',
      header: t('runs.machines'),
      num: true,
      cell: (r) => num(r.machines),
      sortValue: (r) => r.machines,
      sortFirst: 'descending',
    },
    {
      id: 'risks',
      header: t('runs.risks'),
      num: true,
      cell: (r) => num(r.risks),
      sortValue: (r) => r.risks,
      sortFirst: 'descending',
    },
    {
      id: 'ranking',
      header: t('runs.ranking'),
      cell: (r) => (r.status === 'ok' ? <a href={`#/risks/${r.id}`}>{t('runs.open')}</a> : '—'),
    },
  ];
  return (
    <DataTable
      rows={runs}
      columns={columns}
      label={t('runs.history')}
      empty={t('runs.none')}
      scroll="tall"
      rowKey={(r) => r.id}
    />
  );
}
