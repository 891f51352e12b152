/**
 * The schedules of the plant: when each runs (in words, in its time zone), what it
 * does, its next run and how its last slot ended; enable/disable, edit, run now, and
 * remove (asks once more inline).
 */
import { useState } from 'react';
import { useNow } from '../../components/use-now';
import type { ScheduleView } from '../../../workers/app/schedule-types';
import { useI18n } from '../../i18n/i18n';
import { DataTable, type Column } from '../../components/data-table';
import { describe, fromNow, inZone, slotReason } from './schedule-text';
import { OutcomeBadge } from './slot-history';

export function ScheduleList({
  schedules,
  busyId,
  onEdit,
  onRunNow,
  onToggle,
  onRemove,
}: {
  schedules: ScheduleView[];
  /** The schedule whose "Run now" is going. */
  busyId: number | null;
  onEdit(s: ScheduleView): void;
  onRunNow(s: ScheduleView): void;
  onToggle(s: ScheduleView, enabled: boolean): void;
  onRemove(s: ScheduleView): void;
}) {
  const i = useI18n();
  const { t } = i;
  const [confirm, setConfirm] = useState<number | null>(null);
  const nowMs = useNow();
  const columns: Column<ScheduleView>[] = [
    { id: 'name', header: t('sched.name'), rowHeader: true, cell: (s) => s.name },
    { id: 'when', header: t('sched.when'), cell: (s) => describe(i, s.description) },
    {
      id: 'does',
      header: t('sched.does'),
      cell: (s) =>
        t(`sched.score.${s.action.score}`) +
        (s.action.listDir ? ` · ${t('sched.withList')}` : '') +
        (s.action.watchDir ? ` · ${t('sched.withWatch')}` : '') +
        (s.action.watchDir && s.action.profile
          ? ` (${t('sched.withProfile', { name: s.action.profile })})`
          : ''),
    },
    {
      id: 'next',
      header: t('sched.nextRun'),
      cell: (s) =>
        s.nextRuns[0] ? (
          <>
            {inZone(i, s.nextRuns[0], s.timeZone)}{' '}
            <span className="muted small">({fromNow(i, s.nextRuns[0], nowMs)})</span>
          </>
        ) : (
          '—'
        ),
    },
    {
      id: 'last',
      header: t('sched.lastOutcome'),
      cell: (s) =>
        s.lastSlotRow ? (
          <OutcomeBadge
            outcome={s.lastSlotRow.outcome}
            title={slotReason(i, s.lastSlotRow, s.timeZone) || null}
          />
        ) : (
          '—'
        ),
    },
    {
      id: 'enabled',
      header: t('sched.enabled'),
      cell: (s) => (
        <label className="check-line">
          <input
            type="checkbox"
            checked={s.enabled}
            onChange={(e) => onToggle(s, e.target.checked)}
            aria-label={t('sched.enableNamed', { name: s.name })}
          />
        </label>
      ),
    },
    {
      id: 'actions',
      header: t('sched.actions'),
      headerHidden: true,
      cellClass: 'row-actions',
      cell: (s) => (
        <>
          <button
            type="button"
            className="btn small"
            onClick={() => onRunNow(s)}
            disabled={busyId !== null}
            aria-label={`${busyId === s.id ? t('sched.running') : t('sched.runNow')}: ${s.name}`}
          >
            {busyId === s.id ? t('sched.running') : t('sched.runNow')}
          </button>
          <button
            type="button"
            className="btn small"
            onClick={() => onEdit(s)}
            aria-label={t('sched.editNamed', { name: s.name })}
          >
            {t('sched.edit')}
          </button>
          {confirm === s.id ? (
            <>
              <button
                type="button"
                className="btn small danger"
                onClick={() => {
                  setConfirm(null);
                  onRemove(s);
                }}
              >
                {t('sched.confirmRemove')}
              </button>
              <button type="button" className="btn small" onClick={() => setConfirm(null)}>
                {t('common.cancel')}
              </button>
            </>
          ) : (
            <button
              type="button"
              className="btn small"
              onClick={() => setConfirm(s.id)}
              aria-label={t('sched.removeNamed', { name: s.name })}
            >
              {t('sched.remove')}
            </button>
          )}
        </>
      ),
    },
  ];
  return (
    <DataTable
      rows={schedules}
      columns={columns}
      label={t('runs.schedules')}
      className="schedules"
      rowKey={(s) => s.id}
    />
  );
}
