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
  return (
    <>
      {chart.n > 0 ? (
        <UPlotChart options={chart.options} data={chart.data} label={t('sched.chartLabel')} />
      ) : (
        <p className="muted">{t('sched.nothingEvaluated')}</p>
      )}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={t('sched.outcomes')}>
        <table className="data" aria-label={t('sched.outcomes')}>
          <thead>
            <tr>
              <th scope="col">{t('col.id')}</th>
              <th scope="col">{t('sched.dataUpTo')}</th>
              <th scope="col">{t('sched.evaluation')}</th>
              <th scope="col" className="num">
                {t('sched.flagged')}
              </th>
              <th scope="col" className="num">
                {t('sched.missedFailures')}
              </th>
              <th scope="col" className="num">
                {t('sched.falseAlarms')}
              </th>
              <th scope="col" className="num">
                {t('sched.precision')}
              </th>
              <th scope="col" className="num">
                {t('sched.recall')}
              </th>
            </tr>
          </thead>
          <tbody>
            {[...points].reverse().map((p) => (
              <tr key={p.runId}>
                <td>
                  <a href={`#/risks/${p.runId}`} title={p.when ? instant(p.when) : undefined}>
                    #{p.runId}
                  </a>
                </td>
                <td>{p.observedTo === null ? '—' : dateTime(p.observedTo)}</td>
                <td>
                  {p.status === 'pending' && p.evaluableFrom !== null
                    ? t('sched.pendingUntil', { date: date(p.evaluableFrom) })
                    : t(`sched.eval.${p.status}`)}
                </td>
                <td className="num">{p.status === 'evaluated' ? num(p.flaggedFailures) : '—'}</td>
                <td className="num">{p.status === 'evaluated' ? num(p.missedFailures) : '—'}</td>
                <td className="num">{p.status === 'evaluated' ? num(p.falseAlarms) : '—'}</td>
                <td className="num">{p.status === 'evaluated' ? fmt(p.precision) : '—'}</td>
                <td className="num">{p.status === 'evaluated' ? fmt(p.recall) : '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
