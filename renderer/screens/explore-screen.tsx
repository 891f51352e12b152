/**
 * Explore: the raw-data and feature exploration views. Machines by model and age,
 * errors by type, maintenance and failures by component, telemetry per machine and
 * date range, and feature distributions by label.
 */
import { useEffect, useState } from 'react';
import type { ExploreOverview, FeatureOverview, MachineRow } from '../../workers/app/api-types';
import { useApp } from '../app-state';
import { call } from '../engine-client';
import { useI18n } from '../i18n/i18n';
import { BarTable } from '../components/uplot-chart';
import { TelemetryChart } from '../components/telemetry-chart';
import { DateRange } from '../components/date-range';
import { JobStatus } from '../components/job-status';
import { useJob } from '../components/use-job';
import { DataTable, type Column } from '../components/data-table';
import { SelectField } from '../components/select-field';
import { UnlistedNotice } from '../components/unlisted-notice';
import { featureLabel } from '../feature-label';
import { classLabel } from '../components/model-summary';

type Tab = 'data' | 'telemetry' | 'features';

export function ExploreScreen() {
  const { t, num } = useI18n();
  const { summary, setError } = useApp();
  const [tab, setTab] = useState<Tab>('data');
  const [overview, setOverview] = useState<ExploreOverview | null>(null);
  const [machines, setMachines] = useState<MachineRow[]>([]);
  const [machine, setMachine] = useState<number | null>(null);
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);
  const [features, setFeatures] = useState<FeatureOverview | null>(null);
  const job = useJob();

  useEffect(() => {
    call((e) => Promise.all([e.explore(), e.machines()]))
      .then(([o, m]) => {
        setOverview(o);
        setMachines(m);
        if (m.length > 0) setMachine((cur) => cur ?? m[0].machineId);
      })
      .catch((e: Error) => setError(e.message));
  }, [summary, setError]);

  useEffect(() => {
    if (machine === null) return;
    call((e) => e.machineRange(machine)).then((r) => {
      if (!r) return setRange(null);
      // Default: the last 30 days of this machine.
      setRange({ from: Math.max(r.from, r.to - 30 * 86400), to: r.to });
    });
  }, [machine]);

  const computeFeatures = async () => {
    const f = await job.run(() => call((e) => e.featureOverview(7)));
    if (f) setFeatures(f);
  };

  const fmt = (n: number) => num(n);
  const byId = new Map(machines.map((m) => [m.machineId, m]));
  const unlisted = new Set(overview?.unlisted ?? []);
  const tabs: { id: Tab; label: string }[] = [
    { id: 'data', label: t('explore.tab.data') },
    { id: 'telemetry', label: t('explore.tab.telemetry') },
    { id: 'features', label: t('explore.tab.features') },
  ];

  return (
    <section className="screen" aria-labelledby="explore-title">
      <header className="screen-head">
        <h1 id="explore-title">{t('explore.title')}</h1>
      </header>
      <div className="tabs" role="tablist" aria-label={t('explore.title')}>
        {tabs.map((x) => (
          <button
            key={x.id}
            type="button"
            role="tab"
            aria-selected={tab === x.id}
            className={tab === x.id ? 'tab active' : 'tab'}
            onClick={() => setTab(x.id)}
          >
            {x.label}
          </button>
        ))}
      </div>

      {overview && <UnlistedNotice unlisted={overview.unlisted} folded />}

      {tab === 'data' && overview && (
        <div className="grid2">
          <div className="panel">
            <h2>{t('explore.machinesByModel')}</h2>
            <BarTable
              rows={overview.machinesByModel}
              label={t('explore.machinesByModel')}
              keyHeader={t('col.model')}
              valueHeader={t('col.machines')}
              format={fmt}
            />
          </div>
          <div className="panel">
            <h2>{t('explore.ageHistogram')}</h2>
            <BarTable
              rows={overview.ageHistogram}
              label={t('explore.ageHistogram')}
              keyHeader={t('col.age')}
              valueHeader={t('col.machines')}
              format={fmt}
            />
          </div>
          <div className="panel">
            <h2>{t('explore.errorsByType')}</h2>
            <BarTable
              rows={overview.errorsByType}
              label={t('explore.errorsByType')}
              keyHeader={t('col.errorType')}
              valueHeader={t('col.count')}
              format={fmt}
            />
          </div>
          <div className="panel">
            <h2>{t('explore.maintByComponent')}</h2>
            <BarTable
              rows={overview.maintByComponent}
              label={t('explore.maintByComponent')}
              keyHeader={t('col.component')}
              valueHeader={t('col.count')}
              format={fmt}
            />
          </div>
          <div className="panel">
            <h2>{t('explore.failuresByComponent')}</h2>
            <BarTable
              rows={overview.failuresByComponent}
              label={t('explore.failuresByComponent')}
              keyHeader={t('col.component')}
              valueHeader={t('col.count')}
              format={fmt}
            />
          </div>
          <div className="panel">
            <h2>{t('explore.failuresByMonth')}</h2>
            <BarTable
              rows={overview.failuresByMonth}
              label={t('explore.failuresByMonth')}
              keyHeader={t('col.month')}
              valueHeader={t('col.count')}
              format={fmt}
            />
          </div>
        </div>
      )}

      {tab === 'telemetry' && (
        <div className="panel">
          <div className="toolbar">
            {machine !== null && (
              <SelectField
                inline
                label={t('col.machine')}
                value={String(machine)}
                options={machines.map((m) => String(m.machineId))}
                text={(id) => {
                  const m = byId.get(Number(id));
                  if (!m) return id;
                  if (m.model) return `${m.machine} · ${m.model}`;
                  return unlisted.has(m.machine)
                    ? `${m.machine} · ${t('unlisted.badge')}`
                    : m.machine;
                }}
                onChange={(id) => setMachine(Number(id))}
              />
            )}
            {range && <DateRange value={range} onChange={setRange} />}
          </div>
          {machine !== null && range && (
            <TelemetryChart
              machineId={machine}
              machineName={
                machines.find((m) => m.machineId === machine)?.machine ?? String(machine)
              }
              from={range.from}
              to={range.to}
            />
          )}
        </div>
      )}

      {tab === 'features' && (
        <div className="panel">
          <>
            <p className="muted">{t('explore.featuresIntro')}</p>
            <button type="button" className="btn" onClick={computeFeatures} disabled={job.running}>
              {t('explore.computeFeatures')}
            </button>
            <JobStatus job={job} label={t('explore.computingFeatures')} />
            {features && <FeatureTable f={features} />}
          </>
        </div>
      )}
    </section>
  );
}

type FeatureStat = FeatureOverview['features'][number];

/** One row per feature: its spread overall and its mean within each label. */
function FeatureTable({ f }: { f: FeatureOverview }) {
  const { t, num } = useI18n();
  const stat = (id: 'mean' | 'std' | 'min' | 'max'): Column<FeatureStat> => ({
    id,
    header: t(`col.${id}`),
    num: true,
    cell: (x) => num(x[id], 2),
    sortValue: (x) => x[id],
    sortFirst: 'descending',
  });
  const columns: Column<FeatureStat>[] = [
    {
      id: 'feature',
      header: t('col.feature'),
      cell: (x) => featureLabel(x.name, t),
      sortValue: (x) => x.name,
    },
    stat('mean'),
    stat('std'),
    stat('min'),
    stat('max'),
    ...f.labelNames.map((l, i): Column<FeatureStat> => ({
      id: `label-${i}`,
      header: t('explore.meanFor', { label: classLabel(t, l) }),
      num: true,
      cell: (x) => num(x.meanByLabel[i], 2),
      sortValue: (x) => x.meanByLabel[i],
      sortFirst: 'descending',
    })),
  ];
  return (
    <>
      <p>
        {t('explore.featureRows', { rows: num(f.rows), machines: num(f.machines) })}{' '}
        {f.labelNames.map((l, i) => `${classLabel(t, l)}: ${num(f.labelCounts[i])}`).join(' · ')}
      </p>
      <DataTable
        rows={f.features}
        columns={columns}
        label={t('explore.featureTable')}
        scroll="tall"
        rowKey={(x) => x.name}
      />
    </>
  );
}
