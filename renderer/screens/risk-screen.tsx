/**
 * Risk ranking, the home screen once data exists: machines x components from the
 * latest (or chosen) run, sorted by risk, with filters and configurable thresholds.
 * The table is virtualised so 1000 machines x 4 components scroll smoothly. Machines
 * whose data stopped before the run's data-as-of time are not ranked: the header counts
 * them and a "No recent data" list under the ranking names each with its last reading
 * or its failure (workers/score/stale.ts).
 */
import { useMemo, useRef, useState } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { RiskRow } from '../../workers/app/api-types';
import type { StaleInfo } from '../../workers/score/stale';
import { riskLevel, useApp } from '../app-state';
import { call, progressProxy } from '../engine-client';
import { reasonText, reasonsText } from '../feature-label';
import { useI18n } from '../i18n/i18n';
import { JobStatus } from '../components/job-status';
import { useJob } from '../components/use-job';
import { useRunRanking } from '../components/use-run-ranking';
import { ThresholdSettings } from '../components/threshold-settings';
import { PercentInput } from '../components/percent-input';
import { bandText, bandsLine } from '../band-text';
import { DataTable, SortHeader as SharedSortHeader } from '../components/data-table';
import { SelectField } from '../components/select-field';
import { TextField } from '../components/text-field';
import { UnlistedNotice } from '../components/unlisted-notice';

export const rowKey = (r: RiskRow) => `${r.machineId}|${r.component}`;
const ROW_HEIGHT = 36;

/** Columns the ranking sorts by; risk (highest first) is the default. */
type SortKey = 'machine' | 'model' | 'component' | 'risk' | 'days' | 'asOf';
interface Sort {
  column: SortKey;
  /** 1 ascending, -1 descending. */
  dir: 1 | -1;
}
const DEFAULT_SORT: Sort = { column: 'risk', dir: -1 };
const text = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });
const COMPARE: Record<SortKey, (a: RiskRow, b: RiskRow) => number> = {
  machine: (a, b) => text.compare(a.machine, b.machine),
  model: (a, b) => text.compare(a.machineModel, b.machineModel),
  component: (a, b) => text.compare(a.component, b.component),
  risk: (a, b) => a.probability - b.probability,
  // No replacement on record (-1) sorts as the longest time since one.
  days: (a, b) =>
    (a.daysSinceReplace < 0 ? Infinity : a.daysSinceReplace) -
      (b.daysSinceReplace < 0 ? Infinity : b.daysSinceReplace) || 0,
  asOf: (a, b) => a.t - b.t,
};

/**
 * The rows in the chosen order; ties keep the ranking's order (risk, then machine), so
 * the list is the same on every screen and print for the same choice.
 */
function sortRows(rows: RiskRow[], sort: Sort): RiskRow[] {
  if (sort.column === DEFAULT_SORT.column && sort.dir === DEFAULT_SORT.dir) return rows;
  const cmp = COMPARE[sort.column];
  return rows
    .map((r, i) => ({ r, i }))
    .sort((a, b) => sort.dir * cmp(a.r, b.r) || a.i - b.i)
    .map((x) => x.r);
}

export function RiskScreen({ runParam }: { runParam: string | null }) {
  const { t, num, pct, dateTime, instant } = useI18n();
  const { summary, thresholds, pickedIn, setPicked, navigate, changed } = useApp();
  const [component, setComponent] = useState('');
  const [model, setModel] = useState('');
  const [minRisk, setMinRisk] = useState(0);
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<Sort>(DEFAULT_SORT);
  const job = useJob();
  const runId = runParam ? Number(runParam) : undefined;

  const ranking = useRunRanking(runId);

  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    const kept = (ranking?.rows ?? []).filter(
      (r) =>
        (!component || r.component === component) &&
        (!model || r.machineModel === model) &&
        r.probability >= minRisk &&
        (!q || r.machine.toLowerCase().includes(q) || r.component.toLowerCase().includes(q)),
    );
    return sortRows(kept, sort);
  }, [ranking, component, model, minRisk, search, sort]);
  // The time band column only when the run's model has bands (docs/BANDS.md).
  const withBands = useMemo(() => (ranking?.rows ?? []).some((r) => r.bands), [ranking]);
  const cols = withBands ? 11 : 10;
  const rankedMachines = useMemo(
    () => new Set((ranking?.rows ?? []).map((r) => r.machineId)).size,
    [ranking],
  );

  const components = useMemo(
    () => [...new Set((ranking?.rows ?? []).map((r) => r.component))].sort(),
    [ranking],
  );
  const models = useMemo(
    () => [...new Set((ranking?.rows ?? []).map((r) => r.machineModel).filter(Boolean))].sort(),
    [ranking],
  );
  const counts = useMemo(() => {
    const c = { high: 0, medium: 0, low: 0 };
    for (const r of ranking?.rows ?? []) c[riskLevel(r.probability, thresholds)]++;
    return c;
  }, [ranking, thresholds]);

  const scroller = useRef<HTMLDivElement>(null);
  // Only says the React Compiler would skip this component; the build does not use it.
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtual = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
  });
  const items = virtual.getVirtualItems();
  const padTop = items.length > 0 ? items[0].start : 0;
  const padBottom = items.length > 0 ? virtual.getTotalSize() - items[items.length - 1].end : 0;

  const scoreNow = async () => {
    const run = await job.run((onProgress) =>
      call((e) => e.score({ mode: 'latest' }, progressProxy(onProgress))),
    );
    if (run) {
      await changed();
      navigate('risks', 'risk');
    }
  };

  const run = ranking?.run ?? null;
  // Picks belong to the run shown; a scheduled run's list is its threshold list only.
  const canPick = run !== null && run.scheduleId === null;
  const picked = pickedIn(run?.id);

  const toggle = (r: RiskRow) => {
    if (!run || !canPick) return;
    const next = new Set(picked);
    const k = rowKey(r);
    if (next.has(k)) next.delete(k);
    else next.add(k);
    setPicked(run.id, next);
  };

  return (
    <section className="screen" aria-labelledby="risk-title">
      <header className="screen-head row-between">
        <div>
          <h1 id="risk-title">{t('risk.title')}</h1>
          {run ? (
            <p className="muted">
              {t('risk.runInfo', {
                run: run.id,
                model: run.modelId,
                when: instant(run.finished ?? run.started),
                machines: num(rankedMachines),
                risks: num(ranking?.rows.length ?? 0),
              })}
            </p>
          ) : (
            <p className="muted">{t('risk.noRun')}</p>
          )}
          {run && run.rangeFrom !== null && run.rangeTo !== null && (
            <p className="muted small" data-testid="range-note">
              {t('risk.rangeNote', { from: dateTime(run.rangeFrom), to: dateTime(run.rangeTo) })}
            </p>
          )}
          {run &&
            ranking?.stale &&
            ranking.stale.machines.length > 0 &&
            ranking.stale.cutoff !== null && (
              <p className="notice warn" data-testid="risk-left-out">
                <a href="#no-recent-data">
                  {t(ranking.stale.machines.length === 1 ? 'risk.leftOutOne' : 'risk.leftOut', {
                    n: num(ranking.stale.machines.length),
                    since: dateTime(ranking.stale.cutoff),
                  })}
                </a>
              </p>
            )}
        </div>
        <div className="actions">
          {summary?.activeModelId != null && (
            <button type="button" className="btn" onClick={scoreNow} disabled={job.running}>
              {t('risk.scoreNow')}
            </button>
          )}
          <button
            type="button"
            className="btn primary"
            onClick={() => run && navigate('print', run.id)}
            disabled={!run}
          >
            {t('risk.print')}
          </button>
        </div>
      </header>
      <JobStatus job={job} label={t('risk.scoring')} />

      {!run && (
        <div className="panel empty">
          {/* The next step the plant needs: data, then a model, then a scoring run. */}
          <p>
            {!summary?.telemetryRows
              ? t('plants.rankingNeedsData')
              : summary.models
                ? t('risk.emptyScore')
                : t('risk.emptyModel')}
          </p>
          <button
            type="button"
            className="btn"
            onClick={() =>
              navigate(!summary?.telemetryRows ? 'import' : summary.models ? 'runs' : 'model')
            }
          >
            {!summary?.telemetryRows
              ? t('nav.import')
              : summary.models
                ? t('nav.runs')
                : t('nav.model')}
          </button>
        </div>
      )}

      {run && (
        <>
          <UnlistedNotice unlisted={ranking?.unlisted} folded />
          <div className="summary-chips" aria-label={t('risk.levels')}>
            <span className="chip high">
              {t('risk.high')}: {num(counts.high)}
            </span>
            <span className="chip medium">
              {t('risk.medium')}: {num(counts.medium)}
            </span>
            <span className="chip low">
              {t('risk.low')}: {num(counts.low)}
            </span>
          </div>
          <div className="toolbar">
            <TextField
              inline
              type="search"
              label={t('risk.search')}
              placeholder={t('risk.searchHint')}
              value={search}
              onChange={setSearch}
            />
            <SelectField
              inline
              label={t('col.component')}
              value={component}
              options={['', ...components]}
              text={(c) => (c === '' ? t('common.all') : c)}
              onChange={setComponent}
            />
            <SelectField
              inline
              label={t('col.model')}
              value={model}
              options={['', ...models]}
              text={(c) => (c === '' ? t('common.all') : c)}
              onChange={setModel}
            />
            <div className="field inline">
              <span className="label" aria-hidden="true">
                {t('risk.minRisk')}
              </span>
              <PercentInput label={t('risk.minRisk')} value={minRisk} onChange={setMinRisk} />
            </div>
            <ThresholdSettings />
          </div>
          <p className="muted small">
            {t('risk.showing', {
              n: num(rows.length),
              total: num(ranking?.rows.length ?? 0),
              picked: num(picked.size),
            })}
          </p>
          <div
            className="table-wrap virtual"
            ref={scroller}
            tabIndex={0}
            role="region"
            aria-label={t('risk.tableName')}
          >
            <table
              className="data ranking"
              aria-label={t('risk.tableName')}
              aria-rowcount={rows.length + 1}
            >
              <thead>
                <tr>
                  <th scope="col" className="check">
                    <span className="visually-hidden">{t('risk.pick')}</span>
                  </th>
                  <th scope="col" className="num">
                    {t('col.rank')}
                  </th>
                  <SortHeader k="machine" label={t('col.machine')} sort={sort} onSort={setSort} />
                  <SortHeader k="model" label={t('col.model')} sort={sort} onSort={setSort} />
                  <SortHeader
                    k="component"
                    label={t('col.component')}
                    sort={sort}
                    onSort={setSort}
                  />
                  <SortHeader k="risk" label={t('col.risk')} sort={sort} onSort={setSort} num />
                  <th scope="col">{t('col.level')}</th>
                  {withBands && <th scope="col">{t('band.col')}</th>}
                  <SortHeader
                    k="days"
                    label={t('col.daysSince')}
                    sort={sort}
                    onSort={setSort}
                    num
                  />
                  <th scope="col">{t('col.reasons')}</th>
                  <SortHeader k="asOf" label={t('col.asOf')} sort={sort} onSort={setSort} />
                </tr>
              </thead>
              <tbody>
                {padTop > 0 && (
                  <tr aria-hidden="true">
                    <td colSpan={cols} style={{ height: padTop, padding: 0, border: 0 }} />
                  </tr>
                )}
                {items.map((v) => {
                  const r = rows[v.index];
                  const level = riskLevel(r.probability, thresholds);
                  return (
                    <tr key={rowKey(r)} aria-rowindex={v.index + 2} style={{ height: ROW_HEIGHT }}>
                      <td className="check">
                        <input
                          type="checkbox"
                          checked={picked.has(rowKey(r))}
                          disabled={!canPick}
                          onChange={() => toggle(r)}
                          aria-label={t('risk.pickRow', {
                            machine: r.machine,
                            component: r.component,
                          })}
                        />
                      </td>
                      <td className="num">{v.index + 1}</td>
                      <td>
                        <a href={`#/machine/${r.machineId}`}>{r.machine}</a>
                      </td>
                      <td>
                        {r.unlisted ? (
                          <span className="badge warn">{t('unlisted.badge')}</span>
                        ) : (
                          r.machineModel || '—'
                        )}
                      </td>
                      <td>{r.component}</td>
                      <td className="num" data-testid="risk-value" data-p={r.probability}>
                        {pct(r.probability, 1)}
                      </td>
                      <td>
                        <span className={`level ${level}`}>{t(`risk.${level}`)}</span>
                      </td>
                      {withBands && (
                        <td
                          data-testid="risk-band"
                          title={r.bands ? bandsLine(r.bands, t, pct) : undefined}
                        >
                          {bandText(r.bands, t)}
                        </td>
                      )}
                      <td className="num">
                        {r.daysSinceReplace < 0 ? t('common.none') : num(r.daysSinceReplace, 1)}
                      </td>
                      <ReasonsCell row={r} />
                      <td>{dateTime(r.t)}</td>
                    </tr>
                  );
                })}
                {padBottom > 0 && (
                  <tr aria-hidden="true">
                    <td colSpan={cols} style={{ height: padBottom, padding: 0, border: 0 }} />
                  </tr>
                )}
              </tbody>
            </table>
          </div>
          {ranking?.stale && ranking.stale.machines.length > 0 && (
            <NoRecentData stale={ranking.stale} />
          )}
        </>
      )}
    </section>
  );
}

/**
 * A column header of the ranking: the shared sorting header on the ranking's own sort
 * state (risk and days highest first, text A-Z).
 */
function SortHeader({
  k,
  label,
  sort,
  onSort,
  num,
}: {
  k: SortKey;
  label: string;
  sort: Sort;
  onSort: (s: Sort) => void;
  num?: boolean;
}) {
  const active = sort.column === k;
  return (
    <SharedSortHeader
      label={label}
      title={label}
      num={num}
      dir={active ? (sort.dir === 1 ? 'ascending' : 'descending') : null}
      first={k === 'risk' || k === 'days' ? 'descending' : 'ascending'}
      onSort={(dir) => onSort({ column: k, dir: dir === 'ascending' ? 1 : -1 })}
    />
  );
}

/** The machines left out of the ranking, each with its last reading or its failure. */
function NoRecentData({ stale }: { stale: StaleInfo }) {
  const { t, num, dateTime } = useI18n();
  const hours = (stale.staleAfterSteps * stale.stepSeconds) / 3600;
  return (
    <section
      className="panel no-recent-data"
      id="no-recent-data"
      aria-labelledby="no-recent-data-title"
      data-testid="no-recent-data"
    >
      <h2 id="no-recent-data-title">
        {t('risk.staleTitle')} ({num(stale.machines.length)})
      </h2>
      <p className="muted small">
        {t('risk.staleIntro', {
          steps: num(stale.staleAfterSteps),
          hours: num(hours),
          asOf: stale.asOf === null ? '—' : dateTime(stale.asOf),
        })}
      </p>
      <DataTable
        rows={stale.machines}
        label={t('risk.staleTable')}
        rowKey={(m) => m.machineId}
        columns={[
          {
            id: 'machine',
            header: t('col.machine'),
            cell: (m) => <a href={`#/machine/${m.machineId}`}>{m.machine}</a>,
          },
          {
            id: 'stale',
            header: t('risk.staleTitle'),
            cellClass: (m) => (m.failedAt !== null ? 'failed' : undefined),
            cell: (m) =>
              m.failedAt !== null
                ? t('risk.failedOn', { date: dateTime(m.failedAt) })
                : t('risk.lastReading', { date: dateTime(m.lastT) }),
          },
        ]}
      />
    </section>
  );
}

/**
 * The row's reasons in words; the cell is one line wide, so the whole text (every reason,
 * one a line) is also its tooltip.
 */
function ReasonsCell({ row }: { row: RiskRow }) {
  const { t, num } = useI18n();
  const text = reasonsText(row.reasons, t, num);
  return (
    <td
      className="reasons"
      data-testid="risk-reasons"
      title={row.reasons.map((x) => reasonText(x, t, num)).join('\n')}
    >
      {text || '—'}
    </td>
  );
}
