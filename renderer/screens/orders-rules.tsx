/**
 * The plant's work-order alert rules: high risk in N runs in a row, medium or high in
 * N runs in a row, and the cooldown after a dismissed or done proposal. The engine
 * checks the values; a refusal is shown under its field in the user's language.
 */
import { useEffect, useState } from 'react';
import type { OrderRules } from '../../workers/app/api-types';
import { formatDuration, parseDuration } from '../../workers/shared/cadence';
import { FieldError } from '../../workers/shared/field-error';
import { call } from '../engine-client';
import { useI18n } from '../i18n/i18n';
import { TextField } from '../components/text-field';
import { useSettingSave } from '../components/use-setting-save';
import { problemText } from './orders-screen';

interface Form {
  highRuns: string;
  mediumRuns: string;
  cooldown: string;
}

const toForm = (r: OrderRules): Form => ({
  highRuns: String(r.highRuns),
  mediumRuns: String(r.mediumRuns),
  cooldown: r.cooldownSeconds === 0 ? '0' : formatDuration(r.cooldownSeconds),
});

/** The form as rules; a cooldown that is not a length is refused on its field. */
function fromForm(f: Form): OrderRules {
  const runs = (s: string) => (/^\s*\d+\s*$/.test(s) ? Number(s) : NaN);
  let cooldownSeconds: number;
  if (/^\s*0+\s*[a-zA-Z]*\s*$/.test(f.cooldown)) cooldownSeconds = 0;
  else {
    try {
      cooldownSeconds = parseDuration(f.cooldown, 'cooldown');
    } catch (e) {
      throw new FieldError('cooldown', 'not-length', (e as Error).message);
    }
  }
  return { highRuns: runs(f.highRuns), mediumRuns: runs(f.mediumRuns), cooldownSeconds };
}

export function OrderRulesEditor() {
  const i18n = useI18n();
  const { t } = i18n;
  const [form, setForm] = useState<Form | null>(null);
  useEffect(() => {
    let live = true;
    void call((e) => e.orderRules()).then((r) => live && setForm(toForm(r)));
    return () => {
      live = false;
    };
  }, []);
  const save = useSettingSave(
    () => call((e) => e.setOrderRules(fromForm(form!))),
    (r: OrderRules) => {
      setForm(toForm(r));
      return r;
    },
  );
  const defaults = useSettingSave(
    () => call((e) => e.resetOrderRules()),
    (r: OrderRules) => {
      setForm(toForm(r));
      return r;
    },
  );
  if (!form) return null;
  const problem = save.problem;
  const errorOf = (field: string) =>
    problem?.field === field ? problemText(i18n, problem, save.error ?? '') : undefined;
  const edit = (k: keyof Form) => (v: string) => {
    setForm({ ...form, [k]: v });
    save.reset();
    defaults.reset();
  };
  return (
    <form
      className="panel orders-rules"
      aria-labelledby="orders-rules-title"
      onSubmit={save.submit}
    >
      <h2 id="orders-rules-title">{t('orders.rulesTitle')}</h2>
      <div className="rules-fields">
        <TextField
          label={t('orders.highRuns')}
          hint={t('orders.highRunsHint')}
          value={form.highRuns}
          error={errorOf('highRuns')}
          onChange={edit('highRuns')}
        />
        <TextField
          label={t('orders.mediumRuns')}
          hint={t('orders.mediumRunsHint')}
          value={form.mediumRuns}
          error={errorOf('mediumRuns')}
          onChange={edit('mediumRuns')}
        />
        <TextField
          label={t('orders.cooldown')}
          hint={t('orders.cooldownHint')}
          value={form.cooldown}
          error={errorOf('cooldown')}
          onChange={edit('cooldown')}
          code
        />
      </div>
      {save.error && !problem && (
        <p className="notice error small" role="alert">
          {save.error}
        </p>
      )}
      <div className="actions">
        <button type="submit" className="btn primary" disabled={save.busy}>
          {t('orders.saveRules')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={defaults.busy}
          onClick={() => {
            save.reset();
            void defaults.submit();
          }}
        >
          {t('orders.resetRules')}
        </button>
        {(save.saved || defaults.saved) && (
          <span role="status" className="muted">
            {t('orders.rulesSaved')}
          </span>
        )}
      </div>
    </form>
  );
}
