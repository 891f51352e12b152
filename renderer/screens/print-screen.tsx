/**
 * Print: the maintenance list for the rows above a threshold, or the rows picked in the
 * ranking. Plant, date, run and model on top; per row machine, component, risk,
 * reasons, days since replacement, a check box and a sign-off line. The print
 * stylesheet hides everything else; CSV export for the maintenance system.
 *
 * The view prints exactly one run, the one in its route (`#/print/<runId>`): header,
 * rows and values all come from that run, and picks only from picks made in that run.
 * Without a run in the route it shows the latest run and puts its id in the route.
 * A scheduled run prints its threshold list, never manual picks. Machines without recent
 * data are not ranked, so neither printed nor exported; the header says how many.
 */
import { useEffect, useMemo, useState } from 'react';
import { useNow } from '../components/use-now';
import { PercentInput } from '../components/percent-input';
import type { RiskRow } from '../../workers/app/api-types';
import { riskLevel, useApp } from '../app-state';
import { reasonsText } from '../feature-label';
import { bandHeading, bandText } from '../band-text';
import { useI18n } from '../i18n/i18n';
import { platform } from '../platform';
import { rowKey } from './risk-screen';
import { useRunRanking } from '../components/use-run-ranking';
import { PrintPageStyle, printPage } from '../components/print-page';
import { csvCell } from '../../workers/shared/csv-cell';

const NO_PICKS: ReadonlySet<string> = new Set();

/**
 * `runParam`: the run whose list to print, from the route; without it the latest run,
 * which is then written into the route. Mount with `key={runParam}` so a new run starts
 * with its own choice of rows.
 */
export function PrintScreen({ runParam = null }: { runParam?: string | null }) {
  const { t, num, pct, date, dateTime, instant } = useI18n();
  const { summary, thresholds, pickedIn, setError } = useApp();
  const runId = runParam ? Number(runParam) : (summary?.latestRunId ?? null);
  const ranking = useRunRanking(runId ?? undefined, runId === null);
  const [minRisk, setMinRisk] = useState(thresholds.high);

  useEffect(() => {
    if (!runParam && runId !== null) location.replace(`#/print/${runId}`);
  }, [runParam, runId]);

  const shown = ranking && ranking.run && ranking.run.id === runId ? ranking : null;
  const run = shown?.run ?? null;
  const scheduled = run !== null && run.scheduleId !== null;
  const picked = scheduled ? NO_PICKS : pickedIn(runId);
  const [chosen, setMode] = useState<'threshold' | 'picked'>(
    picked.size > 0 ? 'picked' : 'threshold',
  );
  const mode = scheduled ? 'threshold' : chosen;

  const rows: RiskRow[] = useMemo(() => {
    const all = shown?.rows ?? [];
    return mode === 'picked'
      ? all.filter((r) => picked.has(rowKey(r)))
      : all.filter((r) => r.probability >= minRisk);
  }, [shown, mode, picked, minRisk]);

  const dataAsOf = useMemo(
    () =>
      shown?.stale?.asOf ??
      (shown?.rows ?? []).reduce<number | null>((m, r) => (m === null || r.t > m ? r.t : m), null),
    [shown],
  );
  const leftOut = shown?.stale && !shown.stale.included ? shown.stale : null;
  // The time band column only when the run's model has bands (docs/BANDS.md).
  const withBands = rows.some((r) => r.bands);
  // The CSV also gives each band's chance (one decimal, as the risk), bands of the run's model.
  const bandDays = rows.find((r) => r.bands)?.bands?.days ?? [];

  const today = Math.floor(useNow() / 1000);
  const exportCsv = async () => {
    const head = [
      t('col.machine'),
      t('col.model'),
      t('col.component'),
      `${t('col.risk')} (%)`,
      t('col.level'),
      ...(withBands ? [t('band.col')] : []),
      t('col.daysSince'),
      t('col.reasons'),
      t('col.asOf'),
      ...bandDays.map((d) => `${bandHeading(d, t)} (%)`),
    ];
    const lines = [head.map(csvCell).join(',')];
    for (const r of rows) {
      lines.push(
        [
          r.machine,
          r.unlisted ? t('unlisted.badge') : r.machineModel,
          r.component,
          // As the list shows it: a percentage with one decimal, the unit in the header.
          (r.probability * 100).toFixed(1),
          t(`risk.${riskLevel(r.probability, thresholds)}`),
          ...(withBands ? [bandText(r.bands, t)] : []),
          r.daysSinceReplace < 0 ? '' : r.daysSinceReplace.toFixed(1),
          reasonsText(r.reasons, t, num),
          new Date(r.t * 1000).toISOString().slice(0, 19).replace('T', ' '),
          ...bandDays.map((d) => {
            const i = r.bands?.days.indexOf(d) ?? -1;
            return i < 0 ? '' : (r.bands!.cumulative[i] * 100).toFixed(1);
          }),
        ]
          .map(csvCell)
          .join(','),
      );
    }
    await platform.saveText(
      `maintenance-list-run-${run?.id ?? 0}.csv`,
      '\ufeff' + lines.join('\r\n') + '\r\n',
      'text/csv',
    );
  };

  const print = printPage(setError);

  return (
    <section className="screen print-screen" aria-labelledby="print-title">
      <div className="toolbar no-print">
        <fieldset className="radio-group">
          <legend className="visually-hidden">{t('print.which')}</legend>
          <label>
            <input
              type="radio"
              name="which"
              checked={mode === 'threshold'}
              onChange={() => setMode('threshold')}
            />{' '}
            {t('print.aboveThreshold')}
          </label>
          <PercentInput
            label={t('risk.minRisk')}
            value={minRisk}
            disabled={mode !== 'threshold'}
            onChange={setMinRisk}
          />
          {!scheduled && (
            <label>
              <input
                type="radio"
                name="which"
                checked={mode === 'picked'}
                onChange={() => setMode('picked')}
              />{' '}
              {t('print.picked', { n: picked.size })}
            </label>
          )}
        </fieldset>
        <div className="actions">
          <button type="button" className="btn primary" onClick={print} disabled={!run}>
            {t('print.print')}
          </button>
          {platform.savePdf && (
            <button
              type="button"
              className="btn"
              onClick={() => platform.savePdf!(`maintenance-list-run-${run?.id ?? 0}.pdf`)}
              disabled={!run}
            >
              {t('print.pdf')}
            </button>
          )}
          <button type="button" className="btn" onClick={exportCsv} disabled={!run}>
            {t('print.csv')}
          </button>
        </div>
      </div>

      <PrintPageStyle
        pageOf={t('print.pageOf')}
        footer={`${t('print.title')} · ${summary?.name ?? ''} · ${t('print.run')} #${run?.id ?? ''}`}
      />
      <article className="sheet" data-testid="print-sheet">
        <h1 id="print-title">{t('print.title')}</h1>
        <dl className="sheet-head">
          <dt>{t('print.plant')}</dt>
          <dd>{summary?.name}</dd>
          <dt>{t('print.date')}</dt>
          <dd>{date(today)}</dd>
          <dt>{t('print.run')}</dt>
          <dd>{run ? `#${run.id} · ${instant(run.finished ?? run.started)}` : '—'}</dd>
          <dt>{t('print.model')}</dt>
          <dd>{run ? `#${run.modelId}` : '—'}</dd>
          <dt>{t('col.asOf')}</dt>
          <dd>{dataAsOf !== null ? dateTime(dataAsOf) : '—'}</dd>
          <dt>{t('print.criteria')}</dt>
          <dd>
            {mode === 'picked'
              ? t('print.picked', { n: picked.size })
              : t('print.riskAtLeast', { p: pct(minRisk) })}
          </dd>
          {leftOut && leftOut.machines.length > 0 && leftOut.cutoff !== null && (
            <>
              <dt>{t('print.leftOutLabel')}</dt>
              <dd data-testid="print-left-out">
                {t('print.leftOut', {
                  n: num(leftOut.machines.length),
                  since: dateTime(leftOut.cutoff),
                  asOf: dataAsOf !== null ? dateTime(dataAsOf) : '—',
                })}
              </dd>
            </>
          )}
        </dl>
        {rows.length === 0 ? (
          <p>{t('print.noRows')}</p>
        ) : (
          <table className="data sheet-table" aria-label={t('print.title')}>
            <thead>
              <tr>
                <th scope="col" className="check">
                  {t('print.done')}
                </th>
                <th scope="col">{t('col.machine')}</th>
                <th scope="col">{t('col.component')}</th>
                <th scope="col" className="num">
                  {t('col.risk')}
                </th>
                {withBands && (
                  <th scope="col" className="band">
                    {t('band.col')}
                  </th>
                )}
                <th scope="col">{t('col.reasons')}</th>
                <th scope="col" className="num">
                  {t('col.daysSince')}
                </th>
                <th scope="col">{t('print.signOff')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={rowKey(r)}>
                  <td className="check">
                    <span className="box" aria-hidden="true" />
                  </td>
                  <td>
                    {r.machine}
                    {r.unlisted ? (
                      <span className="muted small"> · {t('unlisted.badge')}</span>
                    ) : r.machineModel ? (
                      <span className="muted small"> · {r.machineModel}</span>
                    ) : null}
                  </td>
                  <td>{r.component}</td>
                  <td className="num">
                    {pct(r.probability, 1)}{' '}
                    <span className={`level ${riskLevel(r.probability, thresholds)}`}>
                      {t(`risk.${riskLevel(r.probability, thresholds)}`)}
                    </span>
                  </td>
                  {withBands && (
                    <td className="band" data-testid="print-band">
                      {bandText(r.bands, t)}
                    </td>
                  )}
                  <td className="reasons" data-testid="print-reasons">
                    {reasonsText(r.reasons, t, num) || '—'}
                  </td>
                  <td className="num">
                    {r.daysSinceReplace < 0 ? t('common.none') : num(r.daysSinceReplace, 1)}
                  </td>
                  <td className="signoff" />
                </tr>
              ))}
            </tbody>
          </table>
        )}
        <p className="sheet-foot">
          {t('print.checkedBy')} ____________________ {t('print.date')} __________
        </p>
      </article>
    </section>
  );
}
