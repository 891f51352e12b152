/**
 * Machine detail: risk trend across runs, the top reasons for the current risk, days
 * since each replacement, its unusual behaviour (the health ranking's rows), recent errors
 * and maintenance, and telemetry.
 */
import { useEffect, useMemo, useState } from 'react';
import type uPlot from 'uplot';
import type { MachineDetail } from '../../workers/app/api-types';
import { riskLevel, useApp } from '../app-state';
import { call } from '../engine-client';
import { reasonText } from '../feature-label';
import { useI18n } from '../i18n/i18n';
import { UPlotChart } from '../components/uplot-chart';
import { TelemetryChart } from '../components/telemetry-chart';
import { DateRange } from '../components/date-range';
import { DataTable } from '../components/data-table';
import { MachineHealth } from './health-view';
import { bandHeading, bandText } from '../band-text';

const COLORS = ['#cf222e', '#0969da', '#8250df', '#1a7f37', '#9a6700', '#bf3989'];

export function MachineScreen({ machineId }: { machineId: number }) {
  const { t, tOr, num, pct, date, dateTime } = useI18n();
  const { summary, thresholds, navigate, setError } = useApp();
  const [d, setD] = useState<MachineDetail | null>(null);
  const [range, setRange] = useState<{ from: number; to: number } | null>(null);

  useEffect(() => {
    call((e) => e.machineDetail(machineId))
      .then((x) => {
        setD(x);
        if (x.range)
          setRange({ from: Math.max(x.range.from, x.range.to - 14 * 86400), to: x.range.to });
      })
      .catch((e: Error) => setError(e.message));
  }, [machineId, summary, setError]);

  const trend = useMemo(() => {
    if (!d || d.trend.length === 0) return null;
    const times = [...new Set(d.trend.flatMap((c) => c.points.map((p) => p.t)))].sort(
      (a, b) => a - b,
    );
    const idx = new Map(times.map((x, i) => [x, i]));
    const data: (number | null)[][] = [times];
    for (const c of d.trend) {
      const ys: (number | null)[] = times.map(() => null);
      for (const p of c.points) ys[idx.get(p.t)!] = p.probability;
      data.push(ys);
    }
    const opts: Omit<uPlot.Options, 'width'> = {
      height: 200,
      scales: {
        // One run is one point: give the axis a sensible week around it.
        x:
          times.length > 1
            ? { time: true }
            : { time: true, range: [times[0] - 6 * 86400, times[0] + 86400] },
        y: { range: [0, 1] },
      },
      series: [
        {},
        ...d.trend.map((c, i) => ({
          label: c.component,
          stroke: COLORS[i % COLORS.length],
          width: 2,
          spanGaps: true,
          points: { show: true },
        })),
      ],
      tzDate: (ts: number) => {
        const x = new Date(ts * 1000);
        return new Date(x.getUTCFullYear(), x.getUTCMonth(), x.getUTCDate(), x.getUTCHours());
      },
    };
    return { opts, data: data as uPlot.AlignedData };
  }, [d]);

  if (!d) return <p className="muted">{t('common.loading')}</p>;
  return (
    <section className="screen" aria-labelledby="machine-title">
      <header className="screen-head">
        <button type="button" className="btn link" onClick={() => navigate('risks')}>
          ← {t('nav.risks')}
        </button>
        <h1 id="machine-title">{t('machine.title', { id: d.name })}</h1>
        {d.machine ? (
          <p className="muted">
            {t('machine.info', { model: d.machine.model, age: num(d.machine.age) })}
          </p>
        ) : (
          <p className="muted">{t('machine.notListed')}</p>
        )}
      </header>

      <div className="grid2">
        <div className="panel">
          <h2>{t('machine.current')}</h2>
          <DataTable
            rows={d.current}
            label={t('machine.current')}
            empty={t('risk.noRun')}
            rowKey={(r) => r.component}
            columns={[
              { id: 'component', header: t('col.component'), cell: (r) => r.component },
              {
                id: 'risk',
                header: t('col.risk'),
                num: true,
                cell: (r) => (
                  <span className={`level ${riskLevel(r.probability, thresholds)}`}>
                    {pct(r.probability, 1)}
                  </span>
                ),
              },
              {
                id: 'reasons',
                header: t('col.reasons'),
                cellClass: 'reasons',
                cell: (r) =>
                  r.reasons.length ? (
                    <ul className="reason-list">
                      {r.reasons.map((x) => (
                        <li key={x.feature}>{reasonText(x, t, num)}</li>
                      ))}
                    </ul>
                  ) : (
                    '—'
                  ),
              },
            ]}
          />
        </div>
        <div className="panel">
          <h2>{t('machine.replacements')}</h2>
          <DataTable
            rows={d.replacements}
            label={t('machine.replacements')}
            rowKey={(r) => r.component}
            columns={[
              { id: 'component', header: t('col.component'), cell: (r) => r.component },
              {
                id: 'last',
                header: t('machine.lastReplaced'),
                cell: (r) => (r.lastT !== null ? date(r.lastT) : t('common.none')),
              },
              {
                id: 'days',
                header: t('col.daysSince'),
                num: true,
                cell: (r) => (r.days !== null ? num(r.days, 1) : '—'),
              },
            ]}
          />
        </div>
      </div>

      <MachineBands rows={d.current} />
      <MachineHealth name={d.name} />

      <div className="panel">
        <h2>{t('machine.trend')}</h2>
        {trend ? (
          <UPlotChart options={trend.opts} data={trend.data} label={t('machine.trend')} />
        ) : (
          <p className="muted">{t('machine.noTrend')}</p>
        )}
      </div>

      <div className="panel">
        <h2>{t('machine.events')}</h2>
        <DataTable
          rows={d.recentEvents}
          label={t('machine.events')}
          empty={t('common.none')}
          columns={[
            { id: 'time', header: t('col.time'), cell: (e) => dateTime(e.t) },
            { id: 'kind', header: t('col.kind'), cell: (e) => tOr(`event.${e.kind}`, e.kind) },
            { id: 'what', header: t('col.what'), cell: (e) => e.what },
          ]}
        />
      </div>

      <div className="panel">
        <div className="row-between">
          <h2>{t('explore.tab.telemetry')}</h2>
          {range && (
            <div className="toolbar">
              <DateRange value={range} onChange={setRange} />
            </div>
          )}
        </div>
        {range ? (
          <TelemetryChart
            machineId={machineId}
            machineName={d.name}
            from={range.from}
            to={range.to}
          />
        ) : (
          <p className="muted">{t('explore.noTelemetry')}</p>
        )}
      </div>
    </section>
  );
}

/**
 * Every time band of each component (docs/BANDS.md): the chance it fails within 1, 3, 7
 * and 14 days, and the band called likely. Nothing when the run's model has no bands.
 */
function MachineBands({ rows }: { rows: MachineDetail['current'] }) {
  const { t, pct } = useI18n();
  const withBands = rows.filter((r) => r.bands);
  if (!withBands.length) return null;
  const days = withBands[0].bands!.days;
  return (
    <div className="panel" data-testid="machine-bands">
      <h2>{t('band.machineTitle')}</h2>
      <p className="muted small">{t('band.machineNote')}</p>
      <DataTable
        rows={withBands}
        label={t('band.machineTitle')}
        rowKey={(r) => r.component}
        columns={[
          { id: 'component', header: t('col.component'), cell: (r) => r.component },
          ...days.map((d, i) => ({
            id: `within-${d}`,
            header: bandHeading(d, t),
            num: true,
            cell: (r: MachineDetail['current'][number]) => pct(r.bands!.cumulative[i], 1),
          })),
          { id: 'likely', header: t('band.col'), cell: (r) => bandText(r.bands, t) },
        ]}
      />
    </div>
  );
}
