/**
 * Desktop only: the folders named in the plant file's schedules that main does not let
 * runs use yet. A folder becomes usable only when the user chose it in the folder
 * dialog for this plant file on this computer (main remembers it), so a plant file
 * from elsewhere lists its folders here with a "Confirm folder…" button that opens the
 * dialog at the folder. Folders the policy refuses (system, profile, network folders)
 * are listed with main's reason; edit the schedule to choose another.
 */
import { useEffect, useMemo, useState } from 'react';
import type { ScheduleView } from '../../../workers/app/schedule-types';
import type { FolderStatus } from '../../ipc-types';
import { useI18n } from '../../i18n/i18n';
import { platform } from '../../platform';

type Purpose = 'watch' | 'list';

/** Each folder the schedules name, once, with what it is for (the dialog's title says so). */
export function foldersOfSchedules(schedules: readonly ScheduleView[]): Map<string, Purpose> {
  const m = new Map<string, Purpose>();
  for (const s of schedules) {
    if (s.action.watchDir) m.set(s.action.watchDir, 'watch');
    if (s.action.listDir && !m.has(s.action.listDir)) m.set(s.action.listDir, 'list');
  }
  return m;
}

export function FolderConfirm({ schedules }: { schedules: ScheduleView[] }) {
  const { t } = useI18n();
  const folders = platform.scheduleFolders;
  const [open, setOpen] = useState<FolderStatus[]>([]);
  const [note, setNote] = useState<string | null>(null);
  const [round, setRound] = useState(0);
  const wanted = useMemo(() => foldersOfSchedules(schedules), [schedules]);
  const key = [...wanted.keys()].join('\n');

  useEffect(() => {
    if (!folders || !key) return; // nothing to ask: `shown` below is empty
    let stale = false;
    folders
      .status(key.split('\n').slice(0, 100)) // main's limit per call
      .then((all) => {
        if (!stale) setOpen(all.filter((f) => f.state !== 'confirmed'));
      })
      .catch((e: Error) => !stale && setNote(e.message));
    return () => {
      stale = true;
    };
  }, [folders, key, round]);

  // With no folders left to ask about, a status list from before does not count.
  const shown = folders && key ? open : [];
  if (!folders || shown.length === 0) return null;
  const confirm = async (path: string) => {
    try {
      const dir = await folders.pick(wanted.get(path) ?? 'watch', path);
      setNote(dir && dir !== path ? t('sched.confirmedOther', { dir, path }) : null);
    } catch (e) {
      setNote((e as Error).message);
    }
    setRound((r) => r + 1);
  };
  return (
    <div className="notice warn folder-confirm" role="status">
      <p>{t('sched.foldersToConfirm')}</p>
      <ul>
        {shown.map((f) => (
          <li key={f.path}>
            <code>{f.path}</code>{' '}
            {f.state === 'unconfirmed' ? (
              <button type="button" className="btn small" onClick={() => void confirm(f.path)}>
                {t('sched.confirmFolder')}
              </button>
            ) : (
              <span className="field-error">{f.message}</span>
            )}
          </li>
        ))}
      </ul>
      {note && (
        <p className="field-error" role="alert">
          {note}
        </p>
      )}
    </div>
  );
}
