/**
 * The planner's view of a model's test range (workers/metrics/planner.ts): per
 * component, precision and recall at the plant's inspection budget, average precision
 * and lead times; the precision-recall curves; and the reliability table, predicted
 * risk against how often the component really failed, before and after calibration.
 */
import { useMemo } from 'react';
import type uPlot from 'uplot';
import type {
  ComponentPlannerMetrics,
  PlannerEvaluation,
  ReliabilityBin,
} from '../../workers/metrics/planner';
import { useI18n, type I18n } from '../i18n/i18n';
import { DataTable } from '../components/data-table';
import { UPlotChart } from '../components/uplot-chart';
import { classLabel } from '../components/model-summary';
import { lengthText } from '../components/cadence-text';

const COLOURS = ['#1f6feb', '#d1242f', '#1a7f37', '#9a6700', '#8250df', '#bf3989'];

/** A lead time in days (hours under a day). */
function leadText(i: I18n, seconds: number | null): string {
  if (seconds === null) return '—';
  return seconds >= 86400
    ? i.t('planner.days', { n: i.num(seconds / 86400, 1) })
    : i.t('planner.hours', { n: i.num(seconds / 3600, 1) });
}

export function PlannerPanel({ p, calibrated }: { p: PlannerEvaluation; calibrated: boolean }) {
  const i18n = useI18n();
  const { t, num, pct } = i18n;
  const k = num(p.budget);
  const ratio = (x: number | null) => (x === null ? '—' : num(x, 3));
  return (
    <div data-testid="planner-metrics">
      <h3>{t('planner.title')}</h3>
      <p className="muted small">
        {t('planner.intro', {
          k,
          high: pct(p.highRisk, 0),
          horizon: lengthText(i18n, p.horizonSeconds, 'horizon'),
        })}
      </p>
      <DataTable<ComponentPlannerMetrics>
        rows={p.components}
        rowKey={(c) => c.component}
        label={t('planner.title')}
        columns={[
          {
            id: 'component',
            header: t('planner.component'),
            rowHeader: true,
            cell: (c) => classLabel(t, c.component),
          },
          {
            id: 'precision',
            header: t('planner.precisionAtK', { k }),
            num: true,
            cell: (c) => ratio(c.precisionAtK),
            sortValue: (c) => c.precisionAtK,
            sortFirst: 'descending',
          },
          {
            id: 'recall',
            header: t('planner.recallAtK', { k }),
            num: true,
            cell: (c) => ratio(c.recallAtK),
            sortValue: (c) => c.recallAtK,
            sortFirst: 'descending',
          },
          {
            id: 'caught',
            header: t('planner.caught'),
            num: true,
            cell: (c) => t('planner.ofFailures', { n: num(c.caught), of: num(c.failures) }),
          },
          {
            id: 'ap',
            header: t('planner.averagePrecision'),
            num: true,
            cell: (c) => ratio(c.averagePrecision),
            sortValue: (c) => c.averagePrecision,
            sortFirst: 'descending',
          },
          {
            id: 'lead',
            header: t('planner.medianLead'),
            num: true,
            cell: (c) => leadText(i18n, c.medianLeadSeconds),
            sortValue: (c) => c.medianLeadSeconds,
            sortFirst: 'descending',
          },
          {
            id: 'never',
            header: t('planner.neverAlarmed'),
            num: true,
            cell: (c) => t('planner.ofFailures', { n: num(c.neverAlarmed), of: num(c.failures) }),
          },
        ]}
      />
      {p.budget >= p.machines && (
        <p className="notice warn" role="note">
          {t('planner.budgetCoversAll', { k, machines: num(p.machines) })}
        </p>
      )}
      <p className="muted small">{t('planner.definitions', { k })}</p>
      <PrCurves components={p.components} />
      <h3>{t('planner.reliability')}</h3>
      <p className="muted small">
        {calibrated
          ? t('planner.reliabilityHelp')
          : p.reliability.rejected
            ? t('planner.calibrationRejected', {
                before: pctGap(p.reliability.gapBefore),
                after: pctGap(p.reliability.gapAfter),
              })
            : t('planner.notCalibrated')}
      </p>
      <ReliabilityTable before={p.reliability.before} after={p.reliability.after} />
    </div>
  );
}

/** A reliability gap (a share) as percentage points, one decimal. */
function pctGap(g: number | null | undefined): string {
  return g == null ? '—' : (g * 100).toFixed(1);
}

/** One line per component, recall across and precision up. */
function PrCurves({ components }: { components: ComponentPlannerMetrics[] }) {
  const { t, num } = useI18n();
  const chart = useMemo(() => {
    const curves = components.filter((c) => c.pr.length > 0);
    // uPlot shares one x: every curve's recalls (the last point of a recall kept).
    const xs = [...new Set(curves.flatMap((c) => c.pr.map(([r]) => r)))].sort((a, b) => a - b);
    const series = curves.map((c) => {
      const at = new Map(c.pr.map(([r, p]) => [r, p]));
      return xs.map((x) => at.get(x) ?? null);
    });
    const data: uPlot.AlignedData = [xs, ...series];
    const options: Omit<uPlot.Options, 'width'> = {
      height: 240,
      scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
      series: [
        { label: t('planner.recall') },
        ...curves.map((c, i) => ({
          label: classLabel(t, c.component),
          stroke: COLOURS[i % COLOURS.length],
          width: 2,
          spanGaps: true,
          points: { show: false },
        })),
      ],
      axes: [
        { label: t('planner.recall'), values: (_u, v) => v.map((x) => num(x, 1)) },
        { label: t('planner.precision'), values: (_u, v) => v.map((x) => num(x, 1)) },
      ],
    };
    return { data, options, n: curves.length };
  }, [components, t, num]);
  if (chart.n === 0) return <p className="muted small">{t('planner.noCurve')}</p>;
  return (
    <>
      <h3>{t('planner.prCurve')}</h3>
      <UPlotChart options={chart.options} data={chart.data} label={t('planner.prCurveLabel')} />
    </>
  );
}

function ReliabilityTable({
  before,
  after,
}: {
  before: ReliabilityBin[];
  after: ReliabilityBin[] | null;
}) {
  const { t, num, pct } = useI18n();
  const share = (x: number | null) => (x === null ? '—' : pct(x, 1));
  const rows = before.map((b, i) => ({ b, a: after?.[i] ?? null }));
  return (
    <DataTable
      rows={rows}
      rowKey={(r) => r.b.from}
      label={t('planner.reliability')}
      className="reliability"
      columns={[
        {
          id: 'bin',
          header: t('planner.predictedRisk'),
          rowHeader: true,
          cell: (r) => `${pct(r.b.from, 0)}–${pct(r.b.to, 0)}`,
        },
        { id: 'n', header: t('planner.count'), num: true, cell: (r) => num(r.b.count) },
        {
          id: 'pred',
          header: t('planner.meanPredicted'),
          num: true,
          cell: (r) => share(r.b.meanPredicted),
        },
        { id: 'obs', header: t('planner.observed'), num: true, cell: (r) => share(r.b.observed) },
        ...(after
          ? [
              {
                id: 'cn',
                header: t('planner.calibratedCount'),
                num: true,
                cell: (r: (typeof rows)[number]) => num(r.a!.count),
              },
              {
                id: 'cpred',
                header: t('planner.calibratedPredicted'),
                num: true,
                cell: (r: (typeof rows)[number]) => share(r.a!.meanPredicted),
              },
              {
                id: 'cobs',
                header: t('planner.calibratedObserved'),
                num: true,
                cell: (r: (typeof rows)[number]) => share(r.a!.observed),
              },
            ]
          : []),
      ]}
    />
  );
}
