/**
 * Import profiles on the Import screen: "Read files with" picks detected settings or a
 * profile saved in the plant file (and removes one); "Save these settings as…" keeps
 * the mapping editor's settings under a name, for the next export of the same kind and
 * for a schedule's watched folder.
 */
import { useState } from 'react';
import type { ImportProfile } from '../../workers/app/api-types';
import { useI18n } from '../i18n/i18n';
import { SelectField } from '../components/select-field';

export function ProfilePicker({
  profiles,
  value,
  onPick,
  onRemove,
}: {
  profiles: ImportProfile[];
  value: string;
  onPick(name: string): void;
  onRemove(name: string): Promise<void>;
}) {
  const { t } = useI18n();
  const [busy, setBusy] = useState(false);
  return (
    <div className="profile-bar" data-testid="profile-bar">
      <SelectField
        inline
        label={t('profile.readWith')}
        value={value}
        options={['', ...profiles.map((p) => p.name)]}
        text={(name) => (name === '' ? t('profile.detected') : name)}
        onChange={onPick}
      />
      {value && (
        <button
          type="button"
          className="btn small"
          disabled={busy}
          onClick={async () => {
            setBusy(true);
            try {
              await onRemove(value);
            } finally {
              setBusy(false);
            }
          }}
        >
          {t('profile.remove', { name: value })}
        </button>
      )}
      {profiles.length === 0 && <span className="muted small">{t('profile.none')}</span>}
    </div>
  );
}

export function SaveProfile({
  suggested,
  disabled,
  onSave,
}: {
  suggested: string;
  disabled: boolean;
  /** Saves under the name; resolves to an error message, or null when saved. */
  onSave(name: string): Promise<string | null>;
}) {
  const { t } = useI18n();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setBusy(true);
    const problem = await onSave(name.trim());
    setBusy(false);
    setError(problem);
    if (!problem) {
      setSaved(name.trim());
      setOpen(false);
    }
  };
  return (
    <div className="save-profile">
      {!open ? (
        <button
          type="button"
          className="btn"
          disabled={disabled}
          onClick={() => {
            setOpen(true);
            setSaved(null);
            setName((n) => n || suggested);
          }}
        >
          {t('profile.saveAs')}
        </button>
      ) : (
        <form
          className="inline-pair"
          onSubmit={(e) => {
            e.preventDefault();
            if (name.trim()) void save();
          }}
        >
          <label className="field inline">
            <span className="label">{t('profile.name')}</span>
            <input
              value={name}
              autoFocus
              onChange={(e) => setName(e.target.value)}
              aria-invalid={!!error}
            />
          </label>
          <button type="submit" className="btn primary" disabled={busy || !name.trim()}>
            {t('profile.save')}
          </button>
          <button type="button" className="btn" onClick={() => setOpen(false)}>
            {t('profile.cancel')}
          </button>
        </form>
      )}
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
      <p role="status" className="good small">
        {saved ? t('profile.saved', { name: saved }) : ''}
      </p>
    </div>
  );
}
