/**
 * Print: the unusual-behaviour list (the health ranking) as a sheet in the maintenance
 * list's style, titled as unusual behaviour and saying it is not a failure risk. The
 * values are the screen's: the same rows, the same score and level, the reasons worded
 * by the same functions (health-text.ts), so a printed figure never differs from the
 * one on screen. Route `#/print/health`.
 */
import { useState } from 'react';
import { useApp } from '../app-state';
import { useI18n } from '../i18n/i18n';
import { platform } from '../platform';
import { useNow } from '../components/use-now';
import { SelectField } from '../components/select-field';
import { PrintPageStyle, printPage } from '../components/print-page';
import { useHealthRanking } from '../components/use-health-ranking';
import { csvCell } from '../../workers/shared/csv-cell';
import {
  componentText,
  healthRowKey,
  loadChoice,
  saveChoice,
  scoreText,
  shownRows,
  signalText,
  type HealthChoice,
  type HealthShow,
} from '../health-text';
import { HealthBanner, HealthLevel, HealthReasons } from './health-view';

export function HealthPrintScreen() {
  const { t, num, date, dateTime } = useI18n();
  const { summary, setError } = useApp();
  const { ranking } = useHealthRanking();
  // The screen's choice of rows, changeable here (and then kept for the screen too).
  const [choice, setChoiceState] = useState<HealthChoice>(loadChoice);
  const setChoice = (c: HealthChoice) => {
    setChoiceState(c);
    saveChoice(c);
  };
  const rows = shownRows(ranking?.rows ?? [], choice);
  const types = [
    ...new Set((ranking?.rows ?? []).map((r) => r.machineType ?? '').filter(Boolean)),
  ].sort();
  const criteria =
    t(choice.show === 'all' ? 'health.showAll' : 'health.showFlagged') +
    (choice.type ? ` · ${t('health.type')} ${choice.type}` : '');
  const today = Math.floor(useNow() / 1000);
  const asOf = ranking?.asOf != null ? dateTime(ranking.asOf / 1000) : '—';

  const exportCsv = async () => {
    const head = [
      t('col.machine'),
      t('health.type'),
      t('col.component'),
      t('health.score'),
      t('col.level'),
      t('health.reasons'),
      t('col.asOf'),
    ];
    const lines = [head.map(csvCell).join(',')];
    for (const r of rows) {
      lines.push(
        [
          r.machineId,
          r.machineType ?? '',
          componentText(r, t),
          scoreText(r, num),
          t(`health.level.${r.level}`),
          r.signals.map((s) => signalText(s, t, num)).join(t('reason.sep')),
          // As the maintenance list's CSV writes times: plant time, ISO order.
          new Date(r.asOf).toISOString().slice(0, 19).replace('T', ' '),
        ]
          .map(csvCell)
          .join(','),
      );
    }
    await platform.saveText(
      'unusual-behaviour.csv',
      '\ufeff' + lines.join('\r\n') + '\r\n',
      'text/csv',
    );
  };

  const print = printPage(setError);
  return (
    <section className="screen print-screen" aria-labelledby="health-print-title">
      <div className="toolbar no-print">
        <SelectField
          inline
          label={t('health.show')}
          value={choice.show}
          options={['flagged', 'all'] as HealthShow[]}
          text={(s) => t(s === 'all' ? 'health.showAll' : 'health.showFlagged')}
          onChange={(v) => setChoice({ ...choice, show: v })}
        />
        <SelectField
          inline
          label={t('health.type')}
          value={choice.type}
          options={['', ...types]}
          text={(c) => (c === '' ? t('common.all') : c)}
          onChange={(v) => setChoice({ ...choice, type: v })}
        />
        <div className="actions">
          <button type="button" className="btn primary" onClick={print} disabled={!ranking}>
            {t('print.print')}
          </button>
          {platform.savePdf && (
            <button
              type="button"
              className="btn"
              onClick={() => platform.savePdf!('unusual-behaviour.pdf')}
              disabled={!ranking}
            >
              {t('print.pdf')}
            </button>
          )}
          <button type="button" className="btn" onClick={exportCsv} disabled={!ranking}>
            {t('print.csv')}
          </button>
          <a className="btn" href="#/risks/health">
            {t('health.backToView')}
          </a>
        </div>
      </div>

      <PrintPageStyle
        pageOf={t('print.pageOf')}
        footer={`${t('health.printTitle')} · ${summary?.name ?? ''}`}
      />
      <article className="sheet health-sheet" data-testid="health-print-sheet">
        <h1 id="health-print-title">{t('health.printTitle')}</h1>
        <dl className="sheet-head">
          <dt>{t('print.plant')}</dt>
          <dd>{summary?.name}</dd>
          <dt>{t('print.date')}</dt>
          <dd>{date(today)}</dd>
          <dt>{t('col.asOf')}</dt>
          <dd>{asOf}</dd>
          <dt>{t('print.criteria')}</dt>
          <dd>{criteria}</dd>
        </dl>
        {ranking && <HealthBanner ranking={ranking} />}
        {!ranking ? (
          <p>{t('common.loading')}</p>
        ) : rows.length === 0 ? (
          <p>{t('health.noneShown')}</p>
        ) : (
          <table className="data sheet-table" aria-label={t('health.printTitle')}>
            <thead>
              <tr>
                <th scope="col" className="check">
                  {t('print.done')}
                </th>
                <th scope="col">{t('col.machine')}</th>
                <th scope="col">{t('col.component')}</th>
                <th scope="col" className="num">
                  {t('health.score')}
                </th>
                <th scope="col">{t('health.reasons')}</th>
                <th scope="col">{t('print.signOff')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => (
                <tr key={healthRowKey(r)} data-testid="health-print-row">
                  <td className="check">
                    <span className="box" aria-hidden="true" />
                  </td>
                  <td>
                    {r.machineId}
                    {r.machineType && <span className="muted small"> · {r.machineType}</span>}
                  </td>
                  <td>{componentText(r, t)}</td>
                  <td className="num" data-testid="health-print-score">
                    {scoreText(r, num)} <HealthLevel row={r} />
                  </td>
                  <td className="reasons" data-testid="health-print-reasons">
                    <HealthReasons row={r} />
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
