/**
 * Plant settings: the plant's time zone, shown and changed through the engine, which
 * checks the name (an IANA zone) and keeps it in the plant file. The field suggests every
 * zone this browser knows and filters them as one types; a name it does not list is
 * still sent, so the engine's message says what is wrong with it. Below it, the plant's
 * cadence (cadence-settings.tsx) and after how many observation steps without data a
 * machine is left out of the risk ranking, and the inspection budget (machines inspected
 * a day), at which the model evaluation measures precision and recall.
 */
import { useId, useMemo, useState } from 'react';
import { call } from '../engine-client';
import { useI18n, type I18n } from '../i18n/i18n';
import { Field } from '../screens/schedules/field';
import { timeZones } from '../screens/schedules/schedule-text';
import { CadenceForm, type CadencePrefill } from './cadence-settings';
import { lengthText } from './cadence-text';
import { usePlantSettings, usePlantTimeZone } from './plant-settings-hooks';
import { useSettingSave } from './use-setting-save';

export { usePlantSettings, usePlantTimeZone };

/** A whole-number field and its save button on one row (the settings forms' shape). */
function WholeNumberRow(p: {
  id: string;
  describedBy: string | undefined;
  min: number;
  max: number;
  invalid: boolean;
  value: string;
  onChange: (value: string) => void;
  saveLabel: string;
  saveDisabled: boolean;
}) {
  return (
    <div className="tz-row">
      <input
        id={p.id}
        type="number"
        min={p.min}
        max={p.max}
        step={1}
        aria-describedby={p.describedBy}
        aria-invalid={p.invalid ? true : undefined}
        value={p.value}
        onChange={(e) => p.onChange(e.target.value)}
      />
      <button type="submit" className="btn primary" disabled={p.saveDisabled}>
        {p.saveLabel}
      </button>
    </div>
  );
}

/** Every zone the browser knows, UTC included, sorted. */
function zoneList(): string[] {
  const zones = timeZones();
  return zones.includes('UTC') ? zones : [...zones, 'UTC'].sort();
}

/** The wall time now in `zone` with its offset ("21:04, GMT+9"), or null for an unknown name. */
function nowIn(i: I18n, zone: string): string | null {
  if (!zone.trim()) return null;
  try {
    return new Intl.DateTimeFormat(i.locale === 'ko' ? 'ko-KR' : 'en-GB', {
      timeZone: zone.trim(),
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      timeZoneName: 'shortOffset',
    }).format(new Date());
  } catch {
    return null;
  }
}

/**
 * The plant's settings forms. `headingLevel` 2 on its own screen, 3 inside another panel;
 * `cadencePrefill` fills the cadence fields in (a proposal from the import report).
 */
export function PlantSettingsPanel({
  headingLevel = 2,
  cadencePrefill,
}: {
  headingLevel?: 2 | 3;
  cadencePrefill?: CadencePrefill | null;
}) {
  return (
    <>
      <TimeZoneForm headingLevel={headingLevel} />
      <CadenceForm headingLevel={headingLevel} prefill={cadencePrefill} />
      <StaleStepsForm headingLevel={headingLevel} />
      <BudgetForm headingLevel={headingLevel} />
    </>
  );
}

/** The reference's step, shown until the plant's settings are read. */
const DEFAULT_STEP_SECONDS = 12 * 3600;

/**
 * After how many observation steps without data a machine leaves the ranking; the
 * label and the confirmation give the length of the plant's step. The browser's own
 * range check is off so the engine's message says what is wrong.
 */
function StaleStepsForm({ headingLevel }: { headingLevel: 2 | 3 }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const settings = usePlantSettings();
  const titleId = `${useId()}-stale`;
  const [draft, setDraft] = useState<string | null>(null);
  const { busy, error, saved, submit, reset } = useSettingSave(
    () => call((e) => e.setStaleAfterSteps(Number(value))),
    (s) => {
      setDraft(null);
      return { steps: s.staleAfterSteps, stepSeconds: s.cadence.stepSeconds };
    },
  );
  const current = settings?.staleAfterSteps ?? null;
  const step = lengthText(i18n, settings?.cadence.stepSeconds ?? DEFAULT_STEP_SECONDS);
  const value = draft ?? (current === null ? '' : String(current));
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  return (
    <form
      className="plant-settings"
      aria-labelledby={titleId}
      onSubmit={submit}
      noValidate
      data-testid="stale-settings"
    >
      <Heading id={titleId}>{t('settings.staleTitle')}</Heading>
      <Field
        label={t('settings.staleSteps', { step })}
        hint={t('settings.staleHelp', { step })}
        error={error}
      >
        {({ id, describedBy }) => (
          <WholeNumberRow
            id={id}
            describedBy={describedBy}
            min={1}
            max={1000}
            invalid={Boolean(error)}
            value={value}
            onChange={(v) => {
              setDraft(v);
              reset();
            }}
            saveLabel={t('settings.staleSave')}
            saveDisabled={busy || value.trim() === '' || value === String(current)}
          />
        )}
      </Field>
      <p role="status" className="good tz-saved">
        {saved !== null
          ? t('settings.staleSaved', {
              steps: num(saved.steps),
              length: lengthText(i18n, saved.steps * saved.stepSeconds),
            })
          : ''}
      </p>
    </form>
  );
}

/** The time zone form. */
function TimeZoneForm({ headingLevel }: { headingLevel: 2 | 3 }) {
  const i18n = useI18n();
  const { t } = i18n;
  const current = usePlantTimeZone();
  const zones = useMemo(() => zoneList(), []);
  const baseId = useId();
  const listId = `${baseId}-zones`;
  const titleId = `${baseId}-title`;
  // null: not edited, the field shows the plant's zone.
  const [draft, setDraft] = useState<string | null>(null);
  const value = draft ?? current ?? '';
  const { busy, error, saved, submit, reset } = useSettingSave(
    () => call((e) => e.setTimeZone(value)),
    (s) => {
      setDraft(null);
      return s.timeZone;
    },
  );
  const preview = nowIn(i18n, value);
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  return (
    <form
      className="plant-settings"
      aria-labelledby={titleId}
      onSubmit={submit}
      data-testid="plant-settings"
    >
      <Heading id={titleId}>{t('settings.title')}</Heading>
      <p className="muted settings-current">
        {t('settings.current')} <strong data-testid="plant-zone">{current ?? '…'}</strong>
      </p>
      <Field label={t('settings.timeZone')} hint={t('settings.timeZoneHelp')} error={error}>
        {({ id, describedBy }) => (
          <div className="tz-row">
            <input
              id={id}
              aria-describedby={describedBy}
              aria-invalid={error ? true : undefined}
              list={listId}
              autoComplete="off"
              spellCheck={false}
              placeholder={t('settings.timeZonePlaceholder')}
              value={value}
              onFocus={(e) => e.target.select()}
              onChange={(e) => {
                setDraft(e.target.value);
                reset();
              }}
            />
            <datalist id={listId}>
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
            <button
              type="submit"
              className="btn primary"
              disabled={busy || value.trim() === '' || value === current}
            >
              {t('settings.save')}
            </button>
          </div>
        )}
      </Field>
      <p className="muted small tz-now">
        {preview ? t('settings.nowThere', { zone: value.trim(), time: preview }) : '\u00a0'}
      </p>
      <p role="status" className="good tz-saved">
        {saved ? t('settings.saved', { zone: saved }) : ''}
      </p>
    </form>
  );
}

/**
 * How many machines the plant inspects a day: the evaluation's precision and recall
 * are measured at this top k of each day's list. The engine checks the number.
 */
function BudgetForm({ headingLevel }: { headingLevel: 2 | 3 }) {
  const { t, num } = useI18n();
  const settings = usePlantSettings();
  const titleId = `${useId()}-budget`;
  const [draft, setDraft] = useState<string | null>(null);
  const { busy, error, problem, saved, submit, reset } = useSettingSave(
    () => call((e) => e.setInspectionBudget(Number(value))),
    (s) => {
      setDraft(null);
      return s.inspectionBudget;
    },
  );
  const current = settings?.inspectionBudget ?? null;
  const value = draft ?? (current === null ? '' : String(current));
  const Heading = headingLevel === 2 ? 'h2' : 'h3';
  return (
    <form
      className="plant-settings"
      aria-labelledby={titleId}
      onSubmit={submit}
      noValidate
      data-testid="budget-settings"
    >
      <Heading id={titleId}>{t('settings.budgetTitle')}</Heading>
      <Field
        label={t('settings.budget')}
        hint={t('settings.budgetHelp')}
        // The engine's FieldError is worded here, in the user's language.
        error={problem?.field === 'budget' ? t('settings.budgetInvalid') : error}
      >
        {({ id, describedBy }) => (
          <WholeNumberRow
            id={id}
            describedBy={describedBy}
            min={1}
            max={10000}
            invalid={Boolean(error)}
            value={value}
            onChange={(v) => {
              setDraft(v);
              reset();
            }}
            saveLabel={t('settings.budgetSave')}
            saveDisabled={busy || value.trim() === '' || value === String(current)}
          />
        )}
      </Field>
      <p role="status" className="good tz-saved">
        {saved !== null ? t('settings.budgetSaved', { n: num(saved) }) : ''}
      </p>
    </form>
  );
}
