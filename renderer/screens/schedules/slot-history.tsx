/**
 * The run history of the schedules: every slot with its one outcome (ran, skipped,
 * missed, failed, or still running), the reason, duration, rows scored, and links to
 * that run's ranking and its maintenance list.
 */
import { useState } from 'react';
import type { ScheduleView, SlotView } from '../../../workers/app/schedule-types';
import type { SlotOutcome } from '../../../workers/schedule/types';
import { useI18n } from '../../i18n/i18n';
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
  return (
    <>
      {schedules.length > 1 && (
        <label className="field inline">
          <span className="label">{t('sched.filterSchedule')}</span>
          <select
            value={only}
            onChange={(e) => setOnly(e.target.value === '' ? '' : Number(e.target.value))}
          >
            <option value="">{t('common.all')}</option>
            {schedules.map((s) => (
              <option key={s.id} value={s.id}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
      )}
      {shown.length === 0 ? (
        <p className="muted">{t('sched.noSlots')}</p>
      ) : (
        <div className="table-wrap tall" tabIndex={0} role="region" aria-label={t('sched.history')}>
          <table className="data slots" aria-label={t('sched.history')}>
            <thead>
              <tr>
                <th scope="col">{t('sched.slot')}</th>
                <th scope="col">{t('sched.name')}</th>
                <th scope="col">{t('sched.outcome')}</th>
                <th scope="col">{t('sched.reason')}</th>
                <th scope="col" className="num">
                  {t('runs.duration')}
                </th>
                <th scope="col" className="num">
                  {t('runs.rows')}
                </th>
                <th scope="col" className="num">
                  {t('sched.maxRisk')}
                </th>
                <th scope="col">{t('runs.ranking')}</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((s) => (
                <tr key={s.id} data-testid="slot-row">
                  <td>{inZone(i, s.slot, zone.get(s.scheduleId) ?? 'UTC')}</td>
                  <td>{s.scheduleName}</td>
                  <td>
                    <OutcomeBadge outcome={s.outcome} />
                    {s.catchUp ? <span className="muted small"> {t('sched.catchUp')}</span> : null}
                  </td>
                  <td className="reason">{slotReason(i, s, zone.get(s.scheduleId) ?? 'UTC')}</td>
                  <td className="num">{duration(i, s.durationMs)}</td>
                  <td className="num" data-testid="slot-rows">
                    {s.rowsScored === null ? '—' : num(s.rowsScored)}
                  </td>
                  <td className="num">{s.maxRisk === null ? '—' : pct(s.maxRisk, 1)}</td>
                  <td>
                    {s.runId !== null ? (
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
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
