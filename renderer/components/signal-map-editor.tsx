/**
 * The plant's signal map: which sensor or error type watches which component ("volt
 * watches comp1"), as the planner knows it from the equipment. The health ranking scores
 * a machine's component from the signals mapped to it; signals left out score the
 * machine as a whole. Entries are edited as rows and saved together; the engine checks
 * every entry against the plant (its sensors, error types and the components of its
 * maintenance and failure records) and refuses the whole map on the first bad one, whose
 * code and parameters are worded here under the field they concern. Nothing half-saved.
 */
import { useEffect, useId, useMemo, useState } from 'react';
import type { ExploreOverview } from '../../workers/app/api-types';
import { FieldError, type FieldProblem } from '../../workers/shared/field-error';
import { useApp } from '../app-state';
import { call } from '../engine-client';
import { interpolate, useI18n, type I18n } from '../i18n/i18n';
import { useHealthRanking } from './use-health-ranking';
import { useSettingSave } from './use-setting-save';

interface Entry {
  /** Stable React key of the row while it is edited. */
  id: number;
  signal: string;
  component: string;
}

/** The rows as the map the engine takes; empty rows are dropped, the form's own refusals thrown. */
function toMap(entries: Entry[]): Record<string, string> {
  const map: Record<string, string> = {};
  entries.forEach((e, row) => {
    const signal = e.signal.trim();
    const component = e.component.trim();
    if (signal === '' && component === '') return;
    if (signal === '') {
      throw new FieldError('signal', 'empty-signal', 'name a sensor or error type', {
        row,
        component,
      });
    }
    // An object keeps one component per signal: a second row would silently win.
    if (signal in map) {
      throw new FieldError('signal', 'duplicate', `'${signal}' is listed twice`, {
        row,
        signal,
      });
    }
    map[signal] = component;
  });
  return map;
}

/** The refusal in the UI language, from its code and parameters (never the English text). */
export function mapProblemText(p: FieldProblem, i18n: I18n): string {
  const { t, tOr } = i18n;
  const none = t('common.none');
  const params = Object.fromEntries(
    Object.entries(p.params).map(([k, v]) => [k, v === '' ? none : v]),
  );
  const words = tOr(`healthMap.problem.${p.code}`, '');
  return words ? interpolate(words, params) : t('healthMap.problem.other', params);
}

/** The row a refusal is about: the form's row number, or the row holding the named signal. */
function problemRow(p: FieldProblem, entries: Entry[]): number {
  if (typeof p.params.row === 'number') return p.params.row;
  const signal = String(p.params.signal ?? '');
  return entries.findIndex((e) => e.signal.trim() === signal);
}

export function SignalMapEditor({ headingLevel = 2 }: { headingLevel?: 2 | 3 }) {
  const i18n = useI18n();
  const { t, num } = i18n;
  const { summary } = useApp();
  const { ranking } = useHealthRanking();
  const id = useId();
  const [entries, setEntries] = useState<Entry[] | null>(null);
  const [overview, setOverview] = useState<ExploreOverview | null>(null);

  // The map this form saved last: the rows show it at once after a save, while the
  // ranking is still being read again (an entry added meanwhile must not be lost).
  const [justSaved, setJustSaved] = useState<Record<string, string> | null>(null);
  // The saved map fills the rows (again after a save); edits stay until then.
  const saved = justSaved ?? ranking?.signalMap ?? null;
  const fromSaved = useMemo(
    () =>
      Object.entries(saved ?? {}).map(([signal, component], i) => ({ id: i, signal, component })),
    [saved],
  );
  const rows = entries ?? fromSaved;

  useEffect(() => {
    if (!summary) return;
    let current = true;
    call((e) => e.explore())
      .then((o) => current && setOverview(o))
      .catch(() => undefined);
    return () => {
      current = false;
    };
  }, [summary]);

  const {
    busy,
    problem,
    saved: took,
    submit,
    reset,
  } = useSettingSave(
    () => {
      const map = toMap(rows);
      return call((e) => e.setHealthSignalMap(map)).then(() => map);
    },
    (map) => {
      setJustSaved(map);
      setEntries(null);
      return Object.keys(map).length;
    },
  );
  const bad = problem ? problemRow(problem, rows) : -1;
  const message = problem ? mapProblemText(problem, i18n) : undefined;
  // A refusal about no row in the form (a damaged map) is said under the table.
  const loose = problem && bad < 0 ? message : undefined;

  const edit = (i: number, change: Partial<Entry>) => {
    setEntries(rows.map((e, j) => (j === i ? { ...e, ...change } : e)));
    reset();
  };
  const signals = [
    ...(summary?.sensors ?? []),
    ...(overview?.errorsByType.map((r) => r.key) ?? []),
  ];
  const components = [
    ...new Set([
      ...(overview?.maintByComponent.map((r) => r.key) ?? []),
      ...(overview?.failuresByComponent.map((r) => r.key) ?? []),
      ...Object.values(saved ?? {}),
    ]),
  ].sort();
  const Heading = headingLevel === 2 ? 'h2' : 'h3';

  return (
    <form
      className="signal-map"
      aria-labelledby={`${id}-title`}
      onSubmit={submit}
      noValidate
      data-testid="signal-map"
    >
      <Heading id={`${id}-title`}>{t('healthMap.title')}</Heading>
      <p className="muted small">{t('healthMap.intro')}</p>
      <datalist id={`${id}-signals`}>
        {signals.map((s) => (
          <option key={s} value={s} />
        ))}
      </datalist>
      <datalist id={`${id}-components`}>
        {components.map((c) => (
          <option key={c} value={c} />
        ))}
      </datalist>
      {rows.length === 0 ? (
        <p className="muted">{t('healthMap.empty')}</p>
      ) : (
        <table className="data compact signal-map-table" aria-label={t('healthMap.title')}>
          <thead>
            <tr>
              <th scope="col">{t('healthMap.signal')}</th>
              <th scope="col">{t('col.component')}</th>
              <th scope="col">
                <span className="visually-hidden">{t('healthMap.actions')}</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((e, i) => {
              const err = i === bad && problem ? problem.field : null;
              const errId = `${id}-err-${e.id}`;
              return (
                <tr key={e.id} data-testid="signal-map-row">
                  <td>
                    <input
                      aria-label={t('healthMap.signalOf', { n: num(i + 1) })}
                      list={`${id}-signals`}
                      spellCheck={false}
                      autoComplete="off"
                      value={e.signal}
                      aria-invalid={err === 'signal' ? true : undefined}
                      aria-describedby={err === 'signal' ? errId : undefined}
                      onChange={(ev) => edit(i, { signal: ev.target.value })}
                    />
                    {err === 'signal' && (
                      <span className="field-error" id={errId} role="alert">
                        {message}
                      </span>
                    )}
                  </td>
                  <td>
                    <input
                      aria-label={t('healthMap.componentOf', { n: num(i + 1) })}
                      list={`${id}-components`}
                      spellCheck={false}
                      autoComplete="off"
                      value={e.component}
                      aria-invalid={err === 'component' ? true : undefined}
                      aria-describedby={err === 'component' ? errId : undefined}
                      onChange={(ev) => edit(i, { component: ev.target.value })}
                    />
                    {err === 'component' && (
                      <span className="field-error" id={errId} role="alert">
                        {message}
                      </span>
                    )}
                  </td>
                  <td>
                    <button
                      type="button"
                      className="btn link"
                      aria-label={t('healthMap.removeOf', { n: num(i + 1) })}
                      onClick={() => {
                        setEntries(rows.filter((_, j) => j !== i));
                        reset();
                      }}
                    >
                      {t('healthMap.remove')}
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      {loose && (
        <p className="field-error" role="alert">
          {loose}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="btn"
          onClick={() => {
            const id = rows.reduce((m, e) => Math.max(m, e.id), -1) + 1;
            setEntries([...rows, { id, signal: '', component: '' }]);
            reset();
          }}
        >
          {t('healthMap.add')}
        </button>
        <button type="submit" className="btn primary" disabled={busy || entries === null}>
          {t('healthMap.save')}
        </button>
      </div>
      <p role="status" className="good">
        {took !== null ? t('healthMap.saved', { n: num(took) }) : ''}
      </p>
    </form>
  );
}
