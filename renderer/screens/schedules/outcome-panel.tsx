/**
 * Outcome tracking: once a run's horizon has passed in the imported data, how its
 * predictions turned out at the high threshold (failures flagged and missed, false
 * alarms, precision, recall), and a chart of precision and recall over time so a
 * planner sees the model going stale. Runs are placed at the last plant time they
 * scored, so the chart reads as "how good were predictions made about this period".
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import type { OutcomePoint } from '../../../workers/app/schedule-types';
import { useI18n } from '../../i18n/i18n';
import { UPlotChart } from '../../components/uplot-chart';
import { DataTable, type Column } from '../../components/data-table';

export function OutcomePanel({ points }: { points: OutcomePoint[] }) {
  const { t, num, pct, date, dateTime, instant } = useI18n();
  const chart = useMemo(() => {
    const pts = points
      .filter((p) => p.status === 'evaluated')
      .filter((p) => p.observedTo !== null)
      .map((p) => ({ x: p.observedTo!, p }))
      .sort((a, b) => a.x - b.x);
    // uPlot needs strictly increasing x; runs finished in the same second are nudged.
    for (let k = 1; k < pts.length; k++) if (pts[k].x <= pts[k - 1].x) pts[k].x = pts[k - 1].x + 1;
    const data: uPlot.AlignedData = [
      pts.map((d) => d.x),
      pts.map((d) => d.p.precision),
      pts.map((d) => d.p.recall),
    ];
    // At least two weeks wide, so one or two runs do not spread over years.
    const lo = pts.length ? pts[0].x : 0;
    const hi = pts.length ? pts[pts.length - 1].x : 0;
    const pad = Math.max(7 * 86400 - (hi - lo) / 2, (hi - lo) * 0.05);
    const options: Omit<uPlot.Options, 'width'> = {
      height: 220,
      scales: { x: { time: true, range: [lo - pad, hi + pad] }, y: { range: [0, 1] } },
      // Plant times are wall times read as UTC: show them as they are.
      tzDate: (ts: number) => {
        const d = new Date(ts * 1000);
        return new Date(
          d.getUTCFullYear(),
          d.getUTCMonth(),
          d.getUTCDate(),
          d.getUTCHours(),
          d.getUTCMinutes(),
        );
      },
      series: [
        {},
        { label: t('sched.precision'), stroke: '#1f6feb', width: 2, points: { size: 7 } },
        { label: t('sched.recall'), stroke: '#d1242f', width: 2, points: { size: 7 } },
      ],
      axes: [{}, { values: (_u, v) => v.map((x) => pct(x)) }],
    };
    return { data, options, n: pts.length };
  }, [points, t, pct]);

  if (points.length === 0) return <p className="muted">{t('sched.noOutcomes')}</p>;
  const fmt = (v: number | null) => (v === null ? '—' : pct(v));
  const newestFirst = [...points].reverse();
  /** A figure known only once the run was evaluated. */
  const evaluated = (
    id: string,
    header: string,
    show: (p: OutcomePoint) => string,
    value: (p: OutcomePoint) => number | null,
  ): Column<OutcomePoint> => ({
    id,
    header,
    num: true,
    cell: (p) => (p.status === 'evaluated' ? show(p) : '—'),
    sortValue: (p) => (p.status === 'evaluated' ? value(p) : null),
    sortFirst: 'descending',
  });
  const columns: Column<OutcomePoint>[] = [
    {
      id: 'run',
      header: t('col.id'),
      cell: (p) => (
        <a href={`#/risks/${p.runId}`} title={p.when ? instant(p.when) : undefined}>
          #{p.runId}
        </a>
      ),
      sortValue: (p) => p.runId,
      sortFirst: 'descending',
    },
    {
      id: 'upTo',
      header: t('sched.dataUpTo'),
      cell: (p) => (p.observedTo === null ? '—' : dateTime(p.observedTo)),
      sortValue: (p) => p.observedTo,
      sortFirst: 'descending',
    },
    {
      id: 'evaluation',
      header: t('sched.evaluation'),
      cell: (p) =>
        p.status === 'pending' && p.evaluableFrom !== null
          ? t('sched.pendingUntil', { date: date(p.evaluableFrom) })
          : t(`sched.eval.${p.status}`),
    },
    evaluated(
      'flagged',
      t('sched.flagged'),
      (p) => num(p.flaggedFailures),
      (p) => p.flaggedFailures,
    ),
    evaluated(
      'missed',
      t('sched.missedFailures'),
      (p) => num(p.missedFailures),
      (p) => p.missedFailures,
    ),
    evaluated(
      'falseAlarms',
      t('sched.falseAlarms'),
      (p) => num(p.falseAlarms),
      (p) => p.falseAlarms,
    ),
    evaluated(
      'precision',
      t('sched.precision'),
      (p) => fmt(p.precision),
      (p) => p.precision,
    ),
    evaluated(
      'recall',
      t('sched.recall'),
      (p) => fmt(p.recall),
      (p) => p.recall,
    ),
  ];
  return (
    <>
      {chart.n > 0 ? (
        <UPlotChart options={chart.options} data={chart.data} label={t('sched.chartLabel')} />
      ) : (
        <p className="muted">{t('sched.nothingEvaluated')}</p>
      )}
      <DataTable
        rows={newestFirst}
        columns={columns}
        label={t('sched.outcomes')}
        rowKey={(p) => p.runId}
      />
    </>
  );
}
