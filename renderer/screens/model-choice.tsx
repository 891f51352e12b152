/**
 * What came of training when a model was active: the new model replaced it (said in one
 * line, with both figures when they were compared), or it scored worse on the same test
 * range and the user decides which one scores from now on, with both figures side by
 * side. The engine stored the new model without activating it; "Keep" leaves it so.
 */
import { DataTable } from '../components/data-table';
import type { ActivationDecision } from '../../workers/app/api-types';
import { useI18n } from '../i18n/i18n';

export interface TrainedChoice {
  newId: number;
  activation: ActivationDecision;
  /** Set once the user answered: the model that is active now. */
  answered?: number;
}

export function TrainOutcomeNote({
  choice,
  onUse,
  onKeep,
}: {
  choice: TrainedChoice;
  onUse: () => void;
  onKeep: () => void;
}) {
  const { t, num, pct, date } = useI18n();
  const c = choice.activation.comparison;
  const newId = choice.newId;
  if (choice.answered !== undefined) {
    return (
      <p role="status" data-testid="model-choice-answer">
        {choice.answered === newId
          ? t('model.choice.used', { id: newId })
          : t('model.choice.kept', { id: choice.answered, new: newId })}
      </p>
    );
  }
  if (c.kind === 'no-active') {
    return <p role="status">{t('model.trained.first', { new: newId })}</p>;
  }
  if (c.kind === 'active-unusable') {
    return <p role="status">{t('model.trained.replaced', { new: newId, active: c.activeId })}</p>;
  }
  if (c.kind === 'no-test-range') {
    return (
      <p className="notice warn" role="status">
        {t('model.choice.noRange', { new: newId, active: c.activeId })}
      </p>
    );
  }
  const f1 = (x: number) => (Number.isFinite(x) ? num(x, 3) : '—');
  const rc = (x: number) => (Number.isFinite(x) ? pct(x, 1) : '—');
  if (choice.activation.activated) {
    return (
      <p role="status">
        {t('model.trained.better', {
          new: newId,
          active: c.active.modelId,
          newF1: f1(c.newModel.macroF1),
          oldF1: f1(c.active.macroF1),
          newRecall: rc(c.newModel.anyFailureRecall),
          oldRecall: rc(c.active.anyFailureRecall),
        })}
      </p>
    );
  }
  const which =
    c.worseOn.length > 1
      ? t('model.choice.which.both')
      : c.worseOn[0] === 'macroF1'
        ? t('model.choice.which.macroF1')
        : t('model.choice.which.anyFailureRecall');
  const lower = (w: 'macroF1' | 'anyFailureRecall') => c.worseOn.includes(w);
  return (
    <div
      className="notice warn model-choice"
      role="group"
      aria-labelledby="model-choice-title"
      data-testid="model-choice"
    >
      <h3 id="model-choice-title">
        {t('model.choice.title', { new: newId, active: c.active.modelId })}
      </h3>
      <p>
        {t('model.choice.intro', {
          new: newId,
          from: date(c.from),
          to: date(c.to),
          rows: num(c.newModel.rows),
          which,
        })}
      </p>
      <DataTable
        rows={[
          {
            id: 'macroF1',
            name: t('model.macroF1'),
            help: undefined,
            active: f1(c.active.macroF1),
            next: f1(c.newModel.macroF1),
            worse: lower('macroF1'),
          },
          {
            id: 'anyFailureRecall',
            name: t('model.choice.recall'),
            help: t('model.choice.recallHelp'),
            active: rc(c.active.anyFailureRecall),
            next: rc(c.newModel.anyFailureRecall),
            worse: lower('anyFailureRecall'),
          },
        ]}
        rowKey={(r) => r.id}
        label={t('model.choice.figure')}
        scroll="none"
        columns={[
          {
            id: 'figure',
            header: t('model.choice.figure'),
            rowHeader: true,
            cell: (r) => <span title={r.help}>{r.name}</span>,
          },
          {
            id: 'active',
            header: t('model.choice.activeModel', { id: c.active.modelId }),
            num: true,
            cell: (r) => r.active,
          },
          {
            id: 'new',
            header: t('model.choice.newModel', { id: newId }),
            num: true,
            cellClass: (r) => (r.worse ? 'worse' : undefined),
            cell: (r) => r.next,
          },
        ]}
      />
      <p className="muted small">{t('model.choice.recallHelp')}</p>
      <div className="actions">
        <button type="button" className="btn primary" onClick={onKeep}>
          {t('model.choice.keep', { id: c.active.modelId })}
        </button>
        <button type="button" className="btn" onClick={onUse}>
          {t('model.choice.use', { id: newId })}
        </button>
      </div>
    </div>
  );
}
