/**
 * Model: train with parameters (per-tree progress, cancel), the evaluation on the test
 * range (confusion matrix, per-class precision/recall/F1, feature importance; the
 * planner's view, model-planner.tsx), and the
 * model versions with the active one. A new model that scores worse than the active one
 * on the same test range is not activated: the user chooses (model-choice.tsx). Models
 * are exported and imported as files (model-files.tsx).
 */
import { useCallback, useEffect, useState } from 'react';
import type { ModelInfo, ModelMetrics } from '../../workers/app/api-types';
import { useApp } from '../app-state';
import { call, progressProxy } from '../engine-client';
import { useI18n } from '../i18n/i18n';
import { JobStatus } from '../components/job-status';
import { useJob } from '../components/use-job';
import { BarTable } from '../components/uplot-chart';
import { DataTable, type Column } from '../components/data-table';
import type { Cadence } from '../../workers/shared/cadence';
import { cadenceText } from '../components/cadence-text';
import { classLabel, failureSummary } from '../components/model-summary';
import { defaultTrainCutoff } from '../../workers/features/split';
import { featureLabel } from '../feature-label';
import { ModelFilesPanel, useModelFiles } from './model-files';
import { TrainOutcomeNote, type TrainedChoice } from './model-choice';
import { PlannerPanel } from './model-planner';

const toInput = (t: number) => new Date(t * 1000).toISOString().slice(0, 10);
const fromInput = (s: string) => Date.parse(s + 'T00:00:00Z') / 1000;

export function ModelScreen() {
  const i18n = useI18n();
  const { t, num, pct, date, instant } = i18n;
  const { summary, changed, setError } = useApp();
  const [models, setModels] = useState<ModelInfo[]>([]);
  const [selected, setSelected] = useState<number | null>(null);
  const defaultTrainTo =
    summary?.from != null && summary.to != null ? defaultTrainCutoff(summary.from, summary.to) : 0;
  const [trainTo, setTrainTo] = useState(defaultTrainTo);
  const [cadence, setCadence] = useState<Cadence | null>(null);
  const [trees, setTrees] = useState(50);
  const [depth, setDepth] = useState(15);
  const job = useJob();

  const load = useCallback(
    () =>
      call((e) => e.settings())
        .then((s) => setCadence(s.cadence))
        .then(() => call((e) => e.models()))
        .then((m) => {
          setModels(m);
          setSelected((cur) => cur ?? m[0]?.id ?? null);
        })
        .catch((e: Error) => setError(e.message)),
    [setError],
  );
  // Again whenever the plant changes (a new summary).
  useEffect(() => {
    void load();
  }, [summary, load]);

  const [choice, setChoice] = useState<TrainedChoice | null>(null);
  const train = async () => {
    setChoice(null);
    const r = await job.run((onProgress) =>
      call((e) =>
        e.train(
          { trainTo, trees, maxDepth: depth, activate: 'if-better' },
          progressProxy(onProgress),
        ),
      ),
    );
    if (r) {
      setSelected(r.model.id);
      setChoice({ newId: r.model.id, activation: r.activation });
      await changed();
      await load();
    }
  };

  const activate = async (id: number) => {
    await call((e) => e.activateModel(id));
    await changed();
    await load();
  };

  /** The answer to the choice after a worse model: activate the new one, or keep. */
  const answer = async (use: boolean) => {
    if (!choice) return;
    if (use) await activate(choice.newId);
    setChoice({ ...choice, answered: use ? choice.newId : choice.activation.activeId });
  };

  const files = useModelFiles(async (id) => {
    setSelected(id);
    await changed();
    await load();
  }, setError);

  // Remove asks first: the row shows a confirmation until answered.
  const [confirmRemove, setConfirmRemove] = useState<number | null>(null);
  const remove = async (id: number) => {
    setConfirmRemove(null);
    try {
      await call((e) => e.removeModel(id));
    } catch (e) {
      setError((e as Error).message.replace(/ \(pdm model activate --db FILE --model \d+\)/, ''));
      return;
    }
    setSelected((cur) => (cur === id ? null : cur));
    await changed();
    await load();
  };

  const current = models.find((m) => m.id === selected) ?? null;

  return (
    <section className="screen" aria-labelledby="model-title">
      <header className="screen-head">
        <h1 id="model-title">{t('model.title')}</h1>
        <p className="muted">{t('model.intro')}</p>
      </header>

      <div className="panel">
        <h2>{t('model.train')}</h2>
        <form
          className="form-grid"
          onSubmit={(e) => {
            e.preventDefault();
            void train();
          }}
        >
          <label className="field">
            <span className="label">{t('model.trainTo')}</span>
            <input
              type="date"
              required
              value={trainTo ? toInput(trainTo) : ''}
              onChange={(e) => setTrainTo(fromInput(e.target.value))}
            />
          </label>
          <label className="field">
            <span className="label">{t('model.trees')}</span>
            <input
              type="number"
              min={1}
              max={1000}
              value={trees}
              onChange={(e) => setTrees(Number(e.target.value))}
            />
          </label>
          <label className="field">
            <span className="label">{t('model.depth')}</span>
            <input
              type="number"
              min={1}
              max={30}
              value={depth}
              onChange={(e) => setDepth(Number(e.target.value))}
            />
          </label>
          <div className="field">
            <button type="submit" className="btn primary" disabled={job.running}>
              {t('model.trainButton')}
            </button>
          </div>
        </form>
        {cadence && (
          <p className="muted small">
            {t('model.cadenceNote', { cadence: cadenceText(i18n, cadence) })}
          </p>
        )}
        <JobStatus job={job} label={t('model.training')} />
        {choice && !job.running && (
          <TrainOutcomeNote
            choice={choice}
            onUse={() => void answer(true)}
            onKeep={() => void answer(false)}
          />
        )}
      </div>

      <div className="panel">
        <h2>{t('model.versions')}</h2>
        {models.length === 0 ? (
          <p className="muted">{t('model.none')}</p>
        ) : (
          <DataTable
            rows={models}
            rowKey={(m) => m.id}
            label={t('model.versions')}
            rowClass={(m) => (m.id === selected ? 'selected' : undefined)}
            columns={[
              {
                id: 'id',
                header: t('col.id'),
                cell: (m) => (
                  <button type="button" className="btn link" onClick={() => setSelected(m.id)}>
                    #{m.id}
                  </button>
                ),
              },
              { id: 'created', header: t('col.created'), cell: (m) => instant(m.created) },
              { id: 'learner', header: t('model.learner'), cell: (m) => m.learner },
              { id: 'trees', header: t('model.trees'), num: true, cell: (m) => m.trees ?? '—' },
              {
                id: 'trainTo',
                header: t('model.trainTo'),
                cell: (m) => (m.trainTo !== null ? date(m.trainTo) : '—'),
              },
              {
                id: 'cadence',
                header: t('model.cadence'),
                cellClass: 'model-cadence',
                cell: (m) => (
                  <>
                    {cadenceText(i18n, m.cadenceSettings)}
                    {!m.cadenceMatchesPlant && (
                      <span className="badge warn">{t('model.otherCadence')}</span>
                    )}
                  </>
                ),
              },
              {
                id: 'macroF1',
                header: t('model.macroF1'),
                num: true,
                cell: (m) => (m.macroF1 !== null ? num(m.macroF1, 3) : '—'),
              },
              {
                id: 'accuracy',
                header: t('model.accuracy'),
                num: true,
                cell: (m) => (m.accuracy !== null ? pct(m.accuracy, 1) : '—'),
              },
              {
                id: 'status',
                header: t('model.status'),
                cell: (m) => (
                  <>
                    {m.problem && (
                      <span
                        className="badge warn"
                        // The engine's detail has no code yet: English only in English.
                        title={i18n.locale === 'en' ? m.problem : t('model.damagedWhy')}
                      >
                        {t('model.damaged')}
                      </span>
                    )}{' '}
                    {!m.problem && (
                      <>
                        <button
                          type="button"
                          className="btn small"
                          aria-label={t('model.exportLabel', { id: m.id })}
                          onClick={() => void files.exportModel(m.id)}
                        >
                          {t('model.export')}
                        </button>{' '}
                      </>
                    )}
                    {m.active ? (
                      <span className="badge good">{t('model.active')}</span>
                    ) : confirmRemove === m.id ? (
                      <span role="group" aria-label={t('model.removeConfirm', { id: m.id })}>
                        <span className="small">{t('model.removeConfirm', { id: m.id })}</span>{' '}
                        <button
                          type="button"
                          className="btn small danger"
                          onClick={() => void remove(m.id)}
                        >
                          {t('model.removeYes')}
                        </button>{' '}
                        <button
                          type="button"
                          className="btn small"
                          onClick={() => setConfirmRemove(null)}
                        >
                          {t('common.cancel')}
                        </button>
                      </span>
                    ) : (
                      <>
                        <button type="button" className="btn small" onClick={() => activate(m.id)}>
                          {t('model.activate')}
                        </button>{' '}
                        <button
                          type="button"
                          className="btn small"
                          onClick={() => setConfirmRemove(m.id)}
                        >
                          {t('model.remove')}
                        </button>
                      </>
                    )}
                  </>
                ),
              },
            ]}
          />
        )}
      </div>

      <ModelFilesPanel files={files} />

      {current && (
        <div className="panel">
          <h2>{t('model.evaluation', { id: current.id })}</h2>
          {current.leftOutSensors.length > 0 && (
            <p className="muted small">
              {t('model.leftOut', { sensors: current.leftOutSensors.join(', ') })}
            </p>
          )}
          {current.metrics ? (
            <Evaluation m={current.metrics} horizon={current.horizonDays} />
          ) : (
            <p className="muted">{t('model.noMetrics')}</p>
          )}
          <BandFigures bands={current.bands} />
          {current.planner ? (
            <PlannerPanel p={current.planner} calibrated={current.calibrated} />
          ) : (
            current.metrics && <p className="muted small">{t('planner.none')}</p>
          )}
        </div>
      )}
    </section>
  );
}

function Evaluation({ m, horizon }: { m: ModelMetrics; horizon: number }) {
  const { t, num, pct } = useI18n();
  const max = Math.max(1, ...m.confusion.flat());
  const summary = failureSummary(m.labels, m.confusion);
  return (
    <>
      {summary && (
        <div className="model-headline" data-testid="model-headline">
          <p>
            <strong>
              {t('model.anyFailure', {
                days: num(horizon, 1),
                recall: pct(summary.recall, 0),
                precision: pct(summary.precision, 0),
              })}
            </strong>{' '}
            <span className="muted">
              {t('model.anyFailureHelp', {
                failures: num(summary.failures),
                f1: Number.isFinite(m.macroF1) ? num(m.macroF1, 3) : '—',
              })}
            </span>
          </p>
          {summary.missed.length > 0 && (
            <p className="notice warn" role="note">
              {t('model.missedComponents', { components: summary.missed.join(', ') })}
            </p>
          )}
        </div>
      )}
      <div className="grid2">
        <div>
          <h3>{t('model.confusion')}</h3>
          <p className="muted small">{t('model.confusionHelp', { rows: num(m.testRows) })}</p>
          <DataTable
            rows={m.confusion.map((counts, i) => ({ label: m.labels[i], counts, i }))}
            rowKey={(r) => r.label}
            label={t('model.confusion')}
            className="confusion"
            columns={[
              {
                id: 'actual',
                header: t('model.actualPredicted'),
                rowHeader: true,
                cell: (r) => classLabel(t, r.label),
              },
              ...m.labels.map((l, j): Column<{ label: string; counts: number[]; i: number }> => ({
                id: `p-${l}`,
                header: classLabel(t, l),
                num: true,
                cellClass: (r) => (r.i === j ? 'diag' : undefined),
                cellStyle: (r) => ({
                  background: `rgba(9, 105, 218, ${(0.6 * r.counts[j]) / max})`,
                }),
                cell: (r) => num(r.counts[j]),
              })),
            ]}
          />
          <h3>{t('model.perClass')}</h3>
          <DataTable
            rows={m.perClass}
            rowKey={(c) => c.label}
            label={t('model.perClass')}
            columns={[
              { id: 'class', header: t('model.class'), cell: (c) => classLabel(t, c.label) },
              {
                id: 'precision',
                header: t('model.precision'),
                num: true,
                cell: (c) => num(c.precision, 3),
              },
              { id: 'recall', header: t('model.recall'), num: true, cell: (c) => num(c.recall, 3) },
              { id: 'f1', header: t('model.f1'), num: true, cell: (c) => num(c.f1, 3) },
              { id: 'support', header: t('model.support'), num: true, cell: (c) => num(c.support) },
            ]}
          />
        </div>
        <div>
          <h3>{t('model.importance')}</h3>
          <BarTable
            rows={m.importance
              .slice(0, 20)
              .map((x) => ({ key: featureLabel(x.feature, t), count: x.value }))}
            label={t('model.importance')}
            keyHeader={t('col.feature')}
            valueHeader={t('model.importanceValue')}
            format={(v) => num(v, 3)}
          />
        </div>
      </div>
    </>
  );
}

/**
 * The time-to-failure band model's test figures (docs/BANDS.md), briefly: per component
 * the average precision of "fails within the band" and the recall at 50 %.
 */
function BandFigures({ bands }: { bands: ModelInfo['bands'] }) {
  const { t, num, pct } = useI18n();
  if (!bands) return <p className="muted small">{t('band.modelNone')}</p>;
  const test = bands.metrics?.test;
  type Row = NonNullable<typeof test>['components'][number];
  return (
    <div data-testid="model-bands">
      <h3>{t('band.modelTitle')}</h3>
      {test && (
        <>
          <p className="muted small">
            {t('band.modelIntro', {
              rows: num(test.rows),
              trainRows: num(bands.metrics?.trainRows ?? 0),
              seconds: num(bands.metrics?.trainSeconds ?? 0, 1),
            })}
          </p>
          <DataTable
            rows={test.components}
            rowKey={(c) => c.component}
            label={t('band.modelTitle')}
            columns={[
              { id: 'component', header: t('col.component'), cell: (c: Row) => c.component },
              ...bands.days.map((d, i) => ({
                id: `ap-${d}`,
                header: t('band.ap', { days: d }),
                num: true,
                cell: (c: Row) => (c.bands[i]?.ap == null ? '—' : num(c.bands[i].ap!, 3)),
              })),
              ...bands.days.map((d, i) => ({
                id: `recall-${d}`,
                header: t('band.recall', { days: d }),
                num: true,
                cell: (c: Row) => (c.bands[i]?.recall == null ? '—' : pct(c.bands[i].recall!, 0)),
              })),
            ]}
          />
        </>
      )}
    </div>
  );
}
