/**
 * The plant's cadence (docs/FEATURES.md, Cadence): observation step, rolling windows,
 * error-count window and prediction horizon, typed as lengths (`12h`, `24h, 72h, 168h`,
 * `3d`, `5m`, `30s`). The lengths are read here with the engine's own parser, so a
 * typo is named under its field before anything is sent; the engine then checks the
 * whole cadence and its message is shown under the field it is about (or above the
 * buttons when it is about none). "Reset to defaults" and a proposal from the import
 * report fill the fields in; nothing changes until Save.
 */
import { useEffect, useId, useRef, useState } from 'react';
import {
  defaultCadence,
  parseDuration,
  parseDurationList,
  type Cadence,
} from '../../workers/shared/cadence';
import { call } from '../engine-client';
import { interpolate, useI18n, type I18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { Field } from '../screens/schedules/field';
import { cadenceText, lengthField } from './cadence-text';
import { usePlantSettings } from './plant-settings-hooks';
import { useSettingSave } from './use-setting-save';
import { FieldError, type FieldProblem } from '../../workers/shared/field-error';

type FieldName = 'step' | 'windows' | 'event' | 'horizon';
const FIELDS: readonly FieldName[] = ['step', 'windows', 'event', 'horizon'];
type Drafts = Record<FieldName, string>;

const LABEL: Record<FieldName, MessageKey> = {
  step: 'cadence.step',
  windows: 'cadence.windows',
  event: 'cadence.eventWindow',
  horizon: 'cadence.horizon',
};
const HINT: Record<FieldName, MessageKey> = {
  step: 'cadence.stepHelp',
  windows: 'cadence.windowsHelp',
  event: 'cadence.eventWindowHelp',
  horizon: 'cadence.horizonHelp',
};
const PLACEHOLDER: Record<FieldName, string> = {
  step: '12h',
  windows: '12h, 24h, 36h',
  event: '24h',
  horizon: '7d',
};

/** The fields' text: `12h`, `12h, 24h, 36h`, `24h`, `7d` (hours as the feature columns). */
export function cadenceDrafts(c: Cadence): Drafts {
  return {
    step: lengthField(c.stepSeconds),
    windows: c.windowSeconds.map((w) => lengthField(w)).join(', '),
    event: lengthField(c.eventWindowSeconds),
    horizon: lengthField(c.horizonSeconds, 'horizon'),
  };
}

const sameDrafts = (a: Drafts, b: Drafts) => FIELDS.every((f) => a[f].trim() === b[f].trim());

/** A length typed in one field, or a FieldError naming that field with the parser's words. */
function lengthOf(field: FieldName, text: string, label: string, list: true): number[];
function lengthOf(field: FieldName, text: string, label: string, list?: false): number;
function lengthOf(field: FieldName, text: string, label: string, list = false) {
  try {
    return list ? parseDurationList(text, label) : parseDuration(text, label);
  } catch (e) {
    throw new FieldError(field, 'not-valid', (e as Error).message, { value: text.trim() });
  }
}

/**
 * A refusal in the user's language from its code and parameters (the engine's
 * workers/shared/cadence.ts cadenceFieldProblem); the English message for codes this
 * table does not know.
 */
function problemText(i18n: I18n, p: FieldProblem, labels: Record<FieldName, string>): string {
  const vars = { ...p.params, label: labels[p.field as FieldName] ?? p.field };
  const template = i18n.tOr(`cadence.problem.${p.code}`, '');
  return template ? interpolate(template, vars) : p.message;
}

/** A cadence set from outside the form (the import report's proposal); a new object re-fills. */
export interface CadencePrefill {
  cadence: Cadence;
}

export function CadenceForm({
  headingLevel,
  prefill,
}: {
  headingLevel: 2 | 3;
  prefill?: CadencePrefill | null;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const settings = usePlantSettings();
  const current = settings?.cadence ?? null;
  const titleId = `${useId()}-cadence`;
  const formRef = useRef<HTMLFormElement>(null);
  const stepRef = useRef<HTMLInputElement>(null);
  // null: not edited, the fields show the plant's cadence.
  const [draft, setDraft] = useState<Drafts | null>(null);
  const [filled, setFilled] = useState<'defaults' | 'proposal' | null>(null);
  // Only a new prefill fills the fields again (while rendering, not in an effect, so the
  // form never shows the old values first); `reset` is not needed (nothing saved yet).
  const [prefillSeen, setPrefillSeen] = useState<CadencePrefill | null | undefined>(undefined);
  if (prefill !== prefillSeen) {
    setPrefillSeen(prefill);
    if (prefill) {
      setDraft(cadenceDrafts(prefill.cadence));
      setFilled('proposal');
    }
  }
  const labels = Object.fromEntries(FIELDS.map((f) => [f, t(LABEL[f])])) as Record<
    FieldName,
    string
  >;
  const values: Drafts = draft ??
    (current ? cadenceDrafts(current) : null) ?? { step: '', windows: '', event: '', horizon: '' };

  const { busy, error, problem, saved, submit, reset } = useSettingSave(
    () => {
      const change: Cadence = {
        stepSeconds: lengthOf('step', values.step, labels.step),
        windowSeconds: lengthOf('windows', values.windows, labels.windows, true),
        eventWindowSeconds: lengthOf('event', values.event, labels.event),
        horizonSeconds: lengthOf('horizon', values.horizon, labels.horizon),
      };
      return call((e) => e.setCadence(change));
    },
    (s) => {
      setDraft(null);
      setFilled(null);
      return s.cadence;
    },
  );

  useEffect(() => {
    if (!prefill) return;
    formRef.current?.scrollIntoView({ block: 'start' });
    stepRef.current?.focus({ preventScroll: true });
  }, [prefill]);

  const edit = (f: FieldName, v: string) => {
    setDraft({ ...values, [f]: v });
    setFilled(null);
    reset();
  };
  const defaults = cadenceDrafts(defaultCadence());
  const errorField =
    problem && (FIELDS as readonly string[]).includes(problem.field)
      ? (problem.field as FieldName)
      : null;
  const errorText = problem ? problemText(i18n, problem, labels) : error;
  const unchanged = current !== null && sameDrafts(values, cadenceDrafts(current));
  const blank = FIELDS.some((f) => values[f].trim() === '');
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  return (
    <form
      ref={formRef}
      className="plant-settings cadence-settings"
      aria-labelledby={titleId}
      onSubmit={submit}
      noValidate
      data-testid="cadence-settings"
    >
      <Heading id={titleId}>{t('cadence.title')}</Heading>
      <p className="muted settings-intro">{t('cadence.intro')}</p>
      <p className="muted settings-current">
        {t('settings.current')}{' '}
        <strong data-testid="plant-cadence">{current ? cadenceText(i18n, current) : '…'}</strong>
      </p>
      <div className="cadence-grid">
        {FIELDS.map((f) => (
          <Field
            key={f}
            label={labels[f]}
            hint={t(HINT[f])}
            error={errorField === f ? errorText : undefined}
          >
            {({ id, describedBy }) => (
              <input
                id={id}
                ref={f === 'step' ? stepRef : undefined}
                className={f === 'windows' ? 'duration list' : 'duration'}
                aria-describedby={describedBy}
                aria-invalid={errorField === f ? true : undefined}
                autoComplete="off"
                spellCheck={false}
                placeholder={PLACEHOLDER[f]}
                value={values[f]}
                onChange={(e) => edit(f, e.target.value)}
              />
            )}
          </Field>
        ))}
      </div>
      {error && errorField === null && (
        <p className="field-error" role="alert">
          {errorText}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn primary" disabled={busy || blank || unchanged}>
          {t('cadence.save')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={busy || sameDrafts(values, defaults)}
          onClick={() => {
            setDraft(defaults);
            setFilled('defaults');
            reset();
          }}
        >
          {t('cadence.reset')}
        </button>
      </div>
      {filled && !saved && !unchanged && (
        <p className="muted small cadence-filled" data-testid="cadence-filled">
          {t(filled === 'defaults' ? 'cadence.defaultsFilled' : 'cadence.proposalFilled')}
        </p>
      )}
      <p role="status" className="good tz-saved">
        {saved ? t('cadence.saved', { cadence: cadenceText(i18n, saved) }) : ''}
      </p>
    </form>
  );
}
