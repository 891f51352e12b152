/**
 * Create or edit a schedule: name, when (preset or cron), time zone, what a run does,
 * missed-run policy, timeout and retries. The engine validates (the same rules as
 * `pdm schedule add`) and each message is shown next to its field; the next five run
 * times are previewed as you type, in the schedule's time zone.
 */
import { useEffect, useId, useMemo, useState, type FormEvent } from 'react';
import type {
  ScheduleField,
  SchedulePreview,
  ScheduleSaveResult,
  ScheduleView,
} from '../../../workers/app/schedule-types';
import type { ImportProfile } from '../../../workers/app/api-types';
import { useApp } from '../../app-state';
import { useNow } from '../../components/use-now';
import { call } from '../../engine-client';
import { useI18n } from '../../i18n/i18n';
import { platform } from '../../platform';
import { describe, fromNow, inZone, timeZones } from './schedule-text';
import { Field } from './field';
import { SelectField } from '../../components/select-field';
import { TextField } from '../../components/text-field';
import {
  DAYS,
  FORMATS,
  initialState,
  KINDS,
  scoreModes,
  toInput,
  type FormState,
} from './schedule-form-state';

export function ScheduleForm({
  initial,
  onDone,
}: {
  initial: ScheduleView | null;
  onDone(saved: boolean): void;
}) {
  const i = useI18n();
  const { t } = i;
  const { changed } = useApp();
  const [f, setF] = useState<FormState>(() => initialState(initial));
  const [preview, setPreview] = useState<SchedulePreview | null>(null);
  const [errors, setErrors] = useState<Partial<Record<ScheduleField, string>>>({});
  const [saving, setSaving] = useState(false);
  const zones = useMemo(() => timeZones(), []);
  // Import profiles of the plant, for the watched folder's "Read its files with".
  const [profiles, setProfiles] = useState<ImportProfile[] | null>(null);
  useEffect(() => {
    let stale = false;
    call((e) => e.listProfiles()).then(
      (list) => {
        if (!stale) setProfiles(list);
      },
      () => undefined,
    );
    return () => {
      stale = true;
    };
  }, []);
  const profileGone =
    !!f.profile && profiles !== null && !profiles.some((p) => p.name === f.profile);
  const input = useMemo(() => toInput(f), [f]);
  const set = <K extends keyof FormState>(k: K, v: FormState[K]) => setF((s) => ({ ...s, [k]: v }));
  // Desktop only: folders are chosen in the system dialog (main allows what is chosen).
  const folders = platform.scheduleFolders;
  const [folderError, setFolderError] = useState<string | null>(null);
  const choose = async (purpose: 'watch' | 'list') => {
    if (!folders) return;
    try {
      // The dialog opens at the folder the schedule names now (main ignores odd paths).
      const dir = await folders.pick(
        purpose,
        (purpose === 'watch' ? f.watchDir : f.listDir) || undefined,
      );
      setFolderError(null);
      if (dir) set(purpose === 'watch' ? 'watchDir' : 'listDir', dir);
    } catch (e) {
      setFolderError((e as Error).message);
    }
  };

  // The preview follows the form as it is typed (a short pause, then one engine call).
  useEffect(() => {
    let stale = false;
    const timer = setTimeout(() => {
      call((e) => e.sched.preview(input, Date.now()) as Promise<SchedulePreview>)
        .then((p) => {
          if (!stale) setPreview(p);
        })
        .catch(() => undefined);
    }, 120);
    return () => {
      stale = true;
      clearTimeout(timer);
    };
  }, [input]);

  const timingError = preview && !preview.ok ? preview : null;
  const err = (field: ScheduleField) =>
    errors[field] ?? (timingError?.field === field ? timingError.message : undefined);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setSaving(true);
    try {
      const r = await call(
        (x) => x.sched.save(initial?.id ?? null, input, Date.now()) as Promise<ScheduleSaveResult>,
      );
      if (!r.ok) {
        setErrors({ [r.field]: r.message });
        return;
      }
      setErrors({});
      await changed();
      onDone(true);
    } finally {
      setSaving(false);
    }
  };

  const nowMs = useNow();
  const tzList = `${useId()}-zones`;
  return (
    <form
      className="panel schedule-form"
      onSubmit={submit}
      aria-label={initial ? t('sched.editTitle', { name: initial.name }) : t('sched.newTitle')}
      noValidate
    >
      <h2>{initial ? t('sched.editTitle', { name: initial.name }) : t('sched.newTitle')}</h2>
      <div className="schedule-form-grid">
        <div className="schedule-fields">
          <TextField
            label={t('sched.name')}
            error={err('name')}
            value={f.name}
            maxLength={120}
            onChange={(v) => set('name', v)}
          />

          <div className="form-grid">
            <SelectField
              label={t('sched.when')}
              error={err('timing')}
              value={f.kind}
              options={KINDS}
              text={(k) => t(`sched.kind.${k}`)}
              onChange={(k) => set('kind', k)}
            />
            {f.kind === 'hourly' && (
              <TextField
                label={t('sched.minute')}
                error={err('minute')}
                type="number"
                min={0}
                max={59}
                value={f.minute}
                onChange={(v) => set('minute', v)}
              />
            )}
            {f.kind === 'weekly' && (
              <SelectField
                label={t('sched.day')}
                error={err('day')}
                value={f.day}
                options={DAYS}
                text={(d) => t(`sched.day.${d}`)}
                onChange={(d) => set('day', d)}
              />
            )}
            {(f.kind === 'daily' || f.kind === 'weekdays' || f.kind === 'weekly') && (
              <TextField
                label={t('sched.at')}
                error={err('at')}
                type="time"
                value={f.at}
                onChange={(v) => set('at', v)}
              />
            )}
            {f.kind === 'cron' && (
              <TextField
                label={t('sched.cron')}
                error={err('cron')}
                hint={t('sched.cronHint')}
                className="mono"
                code
                value={f.cron}
                onChange={(v) => set('cron', v)}
              />
            )}
            <TextField
              label={t('sched.timeZone')}
              error={err('timeZone')}
              list={tzList}
              value={f.timeZone}
              onChange={(v) => set('timeZone', v)}
            />
            <datalist id={tzList}>
              {zones.map((z) => (
                <option key={z} value={z} />
              ))}
            </datalist>
          </div>

          <fieldset className="group">
            <legend>{t('sched.does')}</legend>
            <div className="radio-group">
              {scoreModes(f.watchDir).map((m) => (
                <label key={m}>
                  <input
                    type="radio"
                    name="score"
                    checked={f.score === m}
                    onChange={() => set('score', m)}
                  />{' '}
                  {t(`sched.score.${m}`)}
                </label>
              ))}
            </div>
            <p className="muted small">{t('sched.activeModel')}</p>
            <label className="check-line">
              <input
                type="checkbox"
                checked={f.list}
                onChange={(e) => set('list', e.target.checked)}
              />{' '}
              {t('sched.list')}
            </label>
            {f.list && (
              <div className="form-grid nested">
                <Field
                  label={t('sched.listDir')}
                  hint={folders ? t('sched.listDirHintDesktop') : t('sched.listDirHint')}
                >
                  {({ id, describedBy }) => (
                    <span className="folder-input">
                      <input
                        id={id}
                        aria-describedby={describedBy}
                        value={f.listDir}
                        onChange={(e) => set('listDir', e.target.value)}
                      />
                      {folders && (
                        <button type="button" className="btn" onClick={() => void choose('list')}>
                          {t('sched.chooseFolder')}
                        </button>
                      )}
                    </span>
                  )}
                </Field>
                <fieldset className="radio-group" aria-label={t('sched.listFormats')}>
                  {FORMATS.map((fmt) => (
                    <label key={fmt}>
                      <input
                        type="checkbox"
                        checked={f.listFormats.includes(fmt)}
                        onChange={(e) =>
                          set(
                            'listFormats',
                            e.target.checked
                              ? [...f.listFormats, fmt]
                              : f.listFormats.filter((x) => x !== fmt),
                          )
                        }
                      />{' '}
                      {fmt.toUpperCase()}
                    </label>
                  ))}
                </fieldset>
              </div>
            )}
            {err('action') && (
              <span className="field-error" role="alert">
                {err('action')}
              </span>
            )}
            <div className="watch-note">
              <span className="label">{t('sched.watch')}</span>{' '}
              {f.watchDir ? <code data-testid="watch-dir">{f.watchDir}</code> : null}
              {folders && (
                <>
                  {' '}
                  <button type="button" className="btn" onClick={() => void choose('watch')}>
                    {t('sched.chooseFolder')}
                  </button>
                  {f.watchDir && (
                    <button
                      type="button"
                      className="btn"
                      onClick={() =>
                        setF((s) => ({
                          ...s,
                          watchDir: '',
                          profile: '',
                          score: s.score === 'none' ? 'latest' : s.score,
                        }))
                      }
                    >
                      {t('sched.noWatch')}
                    </button>
                  )}
                </>
              )}
              <p className="muted small">
                {folders ? t('sched.watchDesktop') : t('sched.watchBrowser')}
              </p>
              {f.watchDir && (
                <SelectField
                  label={t('sched.profile')}
                  hint={t('sched.profileHelp')}
                  error={profileGone ? t('sched.profileGone', { name: f.profile }) : undefined}
                  value={f.profile}
                  options={[
                    '',
                    ...(profileGone ? [f.profile] : []),
                    ...(profiles ?? []).map((p) => p.name),
                  ]}
                  text={(p) => (p === '' ? t('profile.detected') : p)}
                  onChange={(p) => set('profile', p)}
                />
              )}
              {folderError && (
                <span className="field-error" role="alert">
                  {folderError}
                </span>
              )}
            </div>
          </fieldset>

          <div className="form-grid">
            <fieldset className="group">
              <legend>{t('sched.missed')}</legend>
              <div className="radio-group">
                {(['run-once', 'skip'] as const).map((m) => (
                  <label key={m}>
                    <input
                      type="radio"
                      name="missed"
                      checked={f.missedPolicy === m}
                      onChange={() => set('missedPolicy', m)}
                    />{' '}
                    {t(`sched.missed.${m}`)}
                  </label>
                ))}
              </div>
              {err('missedPolicy') && (
                <span className="field-error" role="alert">
                  {err('missedPolicy')}
                </span>
              )}
            </fieldset>
            <TextField
              label={t('sched.timeout')}
              error={err('timeoutSeconds')}
              type="number"
              min={1}
              value={f.timeoutSeconds}
              onChange={(v) => set('timeoutSeconds', v)}
            />
            <TextField
              label={t('sched.retries')}
              error={err('retries')}
              type="number"
              min={0}
              max={10}
              value={f.retries}
              onChange={(v) => set('retries', v)}
            />
            <label className="check-line">
              <input
                type="checkbox"
                checked={f.enabled}
                onChange={(e) => set('enabled', e.target.checked)}
              />{' '}
              {t('sched.enabled')}
            </label>
          </div>
        </div>

        <aside className="schedule-preview" aria-live="polite">
          <h3>{t('sched.preview')}</h3>
          {preview?.ok ? (
            <>
              <p data-testid="schedule-description">{describe(i, preview.description)}</p>
              <p className="muted small">
                <code>{preview.cron}</code>
              </p>
              <ol aria-label={t('sched.nextRuns')} className="next-runs">
                {preview.nextRuns.map((r) => (
                  <li key={r}>
                    {inZone(i, r, preview.description.timeZone)}{' '}
                    <span className="muted small">({fromNow(i, r, nowMs)})</span>
                  </li>
                ))}
              </ol>
            </>
          ) : (
            <p className="muted">{preview ? t('sched.previewInvalid') : t('common.loading')}</p>
          )}
        </aside>
      </div>
      <div className="actions">
        <button type="submit" className="btn primary" disabled={saving}>
          {initial ? t('sched.saveChanges') : t('sched.create')}
        </button>
        <button type="button" className="btn" onClick={() => onDone(false)}>
          {t('common.cancel')}
        </button>
      </div>
    </form>
  );
}
