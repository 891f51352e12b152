/**
 * The run history of the schedules: every slot with its one outcome (ran, skipped,
 * missed, failed, or still running), the reason, duration, rows scored, and links to
 * that run's ranking and its maintenance list.
 */
import { useState } from 'react';
import type { ScheduleView, SlotView } from '../../../workers/app/schedule-types';
import type { SlotOutcome } from '../../../workers/schedule/types';
import { useI18n } from '../../i18n/i18n';
import { DataTable, type Column } from '../../components/data-table';
import { SelectField } from '../../components/select-field';
import { duration, inZone, slotReason } from './schedule-text';

const TONE: Record<SlotOutcome, string> = {
  ran: 'good',
  skipped: '',
  missed: 'warn',
  failed: 'bad',
  running: '',
};

export function OutcomeBadge({ outcome, title }: { outcome: SlotOutcome; title?: string | null }) {
  const { t } = useI18n();
  return (
    <span className={`badge ${TONE[outcome]}`} title={title ?? undefined} data-outcome={outcome}>
      {t(`sched.outcome.${outcome}`)}
    </span>
  );
}

export function SlotHistory({
  slots,
  schedules,
}: {
  slots: SlotView[];
  schedules: ScheduleView[];
}) {
  const i = useI18n();
  const { t, num, pct } = i;
  const [only, setOnly] = useState<number | ''>('');
  const zone = new Map(schedules.map((s) => [s.id, s.timeZone]));
  const shown = only === '' ? slots : slots.filter((s) => s.scheduleId === only);
  const columns: Column<SlotView>[] = [
    {
      id: 'slot',
      header: t('sched.slot'),
      cell: (s) => inZone(i, s.slot, zone.get(s.scheduleId) ?? 'UTC'),
      sortValue: (s) => s.slot,
      sortFirst: 'descending',
    },
    {
      id: 'name',
      header: t('sched.name'),
      cell: (s) => s.scheduleName,
      sortValue: (s) => s.scheduleName,
    },
    {
      id: 'outcome',
      header: t('sched.outcome'),
      cell: (s) => (
        <>
          <OutcomeBadge outcome={s.outcome} />
          {s.catchUp ? <span className="muted small"> {t('sched.catchUp')}</span> : null}
        </>
      ),
      sortValue: (s) => t(`sched.outcome.${s.outcome}`),
    },
    {
      id: 'reason',
      header: t('sched.reason'),
      cellClass: 'reason',
      cell: (s) => slotReason(i, s, zone.get(s.scheduleId) ?? 'UTC'),
    },
    {
      id: 'duration',
      header: t('runs.duration'),
      num: true,
      cell: (s) => duration(i, s.durationMs),
      sortValue: (s) => s.durationMs,
      sortFirst: 'descending',
    },
    {
      id: 'rows',
      header: t('runs.rows'),
      num: true,
      cellTestId: 'slot-rows',
      cell: (s) => (s.rowsScored === null ? '—' : num(s.rowsScored)),
      sortValue: (s) => s.rowsScored,
      sortFirst: 'descending',
    },
    {
      id: 'maxRisk',
      header: t('sched.maxRisk'),
      num: true,
      cell: (s) => (s.maxRisk === null ? '—' : pct(s.maxRisk, 1)),
      sortValue: (s) => s.maxRisk,
      sortFirst: 'descending',
    },
    {
      id: 'run',
      header: t('runs.ranking'),
      cell: (s) =>
        s.runId !== null ? (
          <>
            <a href={`#/risks/${s.runId}`}>{t('sched.openRun', { run: s.runId })}</a>
            {s.details?.list ? (
              <>
                {' · '}
                <a href={`#/print/${s.runId}`}>{t('sched.openList')}</a>
              </>
            ) : null}
          </>
        ) : (
          '—'
        ),
    },
  ];
  return (
    <>
      {schedules.length > 1 && (
        <SelectField
          inline
          label={t('sched.filterSchedule')}
          value={String(only)}
          options={['', ...schedules.map((s) => String(s.id))]}
          text={(id) =>
            id === '' ? t('common.all') : (schedules.find((s) => String(s.id) === id)?.name ?? id)
          }
          onChange={(id) => setOnly(id === '' ? '' : Number(id))}
        />
      )}
      <DataTable
        rows={shown}
        columns={columns}
        label={t('sched.history')}
        empty={t('sched.noSlots')}
        className="slots"
        scroll="tall"
        rowKey={(s) => s.id}
        rowTestId="slot-row"
      />
    </>
  );
}
