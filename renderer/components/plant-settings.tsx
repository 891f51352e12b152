/**
 * Plant settings: the plant's time zone, shown and changed through the engine, which
 * checks the name (an IANA zone) and keeps it in the plant file. The field suggests every
 * zone this browser knows and filters them as one types; a name it does not list is
 * still sent, so the engine's message says what is wrong with it. Below it, after how
 * many 12-hour steps without data a machine is left out of the risk ranking.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import { useApp } from '../app-state';
import { call } from '../engine-client';
import { useI18n, type I18n } from '../i18n/i18n';
import { Field } from '../screens/schedules/field';
import { timeZones } from '../screens/schedules/schedule-text';

/** The open plant's time zone, read again whenever the plant changes; null while unknown. */
export function usePlantTimeZone(): string | null {
  const { summary } = useApp();
  const [read, setRead] = useState<{ from: unknown; zone: string } | null>(null);
  useEffect(() => {
    if (!summary) return;
    let live = true;
    call((e) => e.settings())
      .then((s) => live && setRead({ from: summary, zone: s.timeZone }))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [summary]);
  // Until the new plant's zone arrives, the last one read stays shown (same plant file).
  return summary && read ? read.zone : null;
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

/** The plant's settings forms. `headingLevel` 2 on its own screen, 3 inside another panel. */
export function PlantSettingsPanel({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  return (
    <>
      <TimeZoneForm headingLevel={headingLevel} />
      <StaleStepsForm headingLevel={headingLevel} />
    </>
  );
}

/**
 * Saving one plant setting through the engine: busy while it runs, the engine's message
 * when it refuses, the saved value (for the confirmation) when it took, and the app told
 * that the plant changed.
 */
function useSettingSave<R, V>(save: () => Promise<R>, took: (r: R) => V) {
  const { changed } = useApp();
  const [error, setError] = useState<string | undefined>();
  const [saved, setSaved] = useState<V | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (ev: FormEvent) => {
    ev.preventDefault();
    setBusy(true);
    setError(undefined);
    setSaved(null);
    try {
      setSaved(took(await save()));
      await changed();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  /** The field was edited: the last message and confirmation no longer apply. */
  const reset = () => {
    setError(undefined);
    setSaved(null);
  };
  return { busy, error, saved, submit, reset };
}

/** Hours in one observation step (workers/features/schema.ts STEP_SECONDS). */
const STEP_HOURS = 12;

/**
 * After how many observation steps without data a machine leaves the ranking. The
 * browser's own range check is off so the engine's message says what is wrong.
 */
function StaleStepsForm({ headingLevel }: { headingLevel: 2 | 3 }) {
  const { t, num } = useI18n();
  const { summary } = useApp();
  const titleId = `${useId()}-stale`;
  const [current, setCurrent] = useState<number | null>(null);
  const [draft, setDraft] = useState<string | null>(null);
  const { busy, error, saved, submit, reset } = useSettingSave(
    () => call((e) => e.setStaleAfterSteps(Number(value))),
    (s) => {
      setDraft(null);
      setCurrent(s.staleAfterSteps);
      return s.staleAfterSteps;
    },
  );
  useEffect(() => {
    if (!summary) return;
    let live = true;
    call((e) => e.settings())
      .then((s) => live && setCurrent(s.staleAfterSteps))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [summary]);
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
      <Field label={t('settings.staleSteps')} hint={t('settings.staleHelp')} error={error}>
        {({ id, describedBy }) => (
          <div className="tz-row">
            <input
              id={id}
              type="number"
              min={1}
              max={1000}
              step={1}
              aria-describedby={describedBy}
              aria-invalid={error ? true : undefined}
              value={value}
              onChange={(e) => {
                setDraft(e.target.value);
                reset();
              }}
            />
            <button
              type="submit"
              className="btn primary"
              disabled={busy || value.trim() === '' || value === String(current)}
            >
              {t('settings.staleSave')}
            </button>
          </div>
        )}
      </Field>
      <p role="status" className="good tz-saved">
        {saved !== null
          ? t('settings.staleSaved', { steps: num(saved), hours: num(saved * STEP_HOURS) })
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
  const zones = useMemo(zoneList, []);
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
