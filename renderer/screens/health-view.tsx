/**
 * The ranking screen's two views: "Failure risk" (the model's risk ranking,
 * risk-screen.tsx) and "Unusual behaviour" (the health ranking, workers/health): each
 * machine against its own recent readings and against machines of the same type, with
 * no failure labels needed. The screen opens on the view the engine names as the
 * plant's default (`HealthRanking.defaultView`): unusual behaviour until the plant has a
 * model and enough labelled failures. The view is in the route (`#/risks/health`,
 * `#/risks/risk`, `#/risks/<run>` = the risk view of that run), so going back from a
 * machine returns to the view it was opened from.
 */
import { useMemo, useRef, useState, type KeyboardEvent } from 'react';
import type { HealthDefault, HealthRanking, HealthRow } from '../../workers/health/types';
import { useApp } from '../app-state';
import { useI18n, type I18n } from '../i18n/i18n';
import { DataTable } from '../components/data-table';
import { SelectField } from '../components/select-field';
import { TextField } from '../components/text-field';
import { useHealthDefault, useHealthRanking } from '../components/use-health-ranking';
import {
  componentText,
  healthRowKey,
  loadChoice,
  saveChoice,
  scoreText,
  shownRows,
  signalText,
  type HealthChoice,
  type HealthShow,
} from '../health-text';
import { RiskScreen } from './risk-screen';

type View = 'risk' | 'health';

/** `param` from the route: 'health', 'risk', a run id (risk view), or null (the plant's default). */
export function RankingScreen({ param }: { param: string | null }) {
  const { t } = useI18n();
  const { navigate } = useApp();
  const health = useHealthDefault();
  const tabs = useRef<(HTMLButtonElement | null)[]>([]);

  const asked: View | null = param === 'health' ? 'health' : param === null ? null : 'risk';
  // Until the engine says which view is the default, nothing is shown rather than the
  // wrong one; a plant whose health ranking cannot be read opens on the risk view.
  const view: View | null =
    asked ?? (health.failed ? 'risk' : health.view ? health.view.defaultView : null);
  const runParam = param !== null && /^\d+$/.test(param) ? param : null;

  const views: { id: View; label: string }[] = [
    { id: 'risk', label: t('health.viewRisk') },
    { id: 'health', label: t('health.viewHealth') },
  ];
  const choose = (v: View) => navigate('risks', v);
  // Arrow keys move between the two tabs (and choose), as the ARIA tabs pattern has it.
  const onKey = (e: KeyboardEvent, i: number) => {
    const next =
      e.key === 'ArrowRight' || e.key === 'ArrowDown'
        ? (i + 1) % views.length
        : e.key === 'ArrowLeft' || e.key === 'ArrowUp'
          ? (i + views.length - 1) % views.length
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? views.length - 1
              : -1;
    if (next < 0) return;
    e.preventDefault();
    tabs.current[next]?.focus();
    choose(views[next].id);
  };

  return (
    <div className="ranking-views">
      <div className="tabs view-switch" role="tablist" aria-label={t('health.views')}>
        {views.map((v, i) => (
          <button
            key={v.id}
            ref={(el) => {
              tabs.current[i] = el;
            }}
            id={`view-tab-${v.id}`}
            type="button"
            role="tab"
            aria-selected={view === v.id}
            aria-controls="ranking-view"
            tabIndex={view === v.id || (view === null && i === 0) ? 0 : -1}
            className={view === v.id ? 'tab active' : 'tab'}
            onClick={() => choose(v.id)}
            onKeyDown={(e) => onKey(e, i)}
          >
            {v.label}
          </button>
        ))}
      </div>
      <div
        id="ranking-view"
        role="tabpanel"
        aria-labelledby={view ? `view-tab-${view}` : undefined}
        aria-label={view ? undefined : t('health.views')}
      >
        {view === null ? (
          <p className="muted">{t('common.loading')}</p>
        ) : view === 'risk' ? (
          <>
            {health.view?.defaultView === 'health' && <RiskNotDefault ranking={health.view} />}
            {health.view?.defaultView === 'risk' &&
              (health.view.thinComponents?.length ?? 0) > 0 && (
                <ThinComponents ranking={health.view} onHealth={() => choose('health')} />
              )}
            <RiskScreen runParam={runParam} />
          </>
        ) : (
          <HealthViewLoaded />
        )}
      </div>
    </div>
  );
}

/** Why the plant's default view is unusual behaviour (or, with a model ready, failure risk). */
function whyText(ranking: HealthDefault, t: I18n['t'], num: I18n['num']): string {
  const n = num(ranking.labelledFailures);
  const needed = num(ranking.failuresNeeded);
  if (ranking.defaultReason === 'model-ready') return t('health.whyModelReady');
  if (ranking.defaultReason === 'no-model') {
    return ranking.labelledFailures >= ranking.failuresNeeded
      ? t('health.whyNoModelEnough', { n })
      : t('health.whyNoModel', { n, needed });
  }
  return ranking.labelledFailures === 0
    ? t('health.whyNoFailures', { needed })
    : t('health.whyFewFailures', { n, needed });
}

/** Why the unusual-behaviour view is shown, and what would make the failure risk the default. */
export function HealthBanner({ ranking }: { ranking: HealthDefault }) {
  const { t, num } = useI18n();
  const change =
    ranking.defaultReason === 'model-ready'
      ? null
      : ranking.labelledFailures >= ranking.failuresNeeded
        ? t('health.changeTrain')
        : t('health.changeImport', { needed: num(ranking.failuresNeeded) });
  return (
    <div className="health-banner" role="note" data-testid="health-banner">
      <p>
        <strong>{t('health.notRisk')}</strong> {t('health.what')}
      </p>
      <p>{whyText(ranking, t, num)}</p>
      {change && <p>{change}</p>}
    </div>
  );
}

/**
 * Over the failure risk of a plant whose default is unusual behaviour (a model scored
 * it, but from too few failures): says so, so the risk is read with that in mind.
 */
function RiskNotDefault({ ranking }: { ranking: HealthDefault }) {
  const { t, num } = useI18n();
  return (
    <p className="notice warn" data-testid="risk-not-default">
      {t('health.riskNotDefault')} {whyText(ranking, t, num)}
    </p>
  );
}

/**
 * Over the failure risk of a plant with enough failures overall: the components with
 * too few of their own, whose risk is learnt from too little; their unusual behaviour
 * is the list to read.
 */
function ThinComponents({ ranking, onHealth }: { ranking: HealthDefault; onHealth: () => void }) {
  const { t, num } = useI18n();
  const list = (ranking.thinComponents ?? [])
    .map((c) => t('health.thinComponent', { component: c.component, n: num(c.failures) }))
    .join(', ');
  return (
    <p className="notice warn" data-testid="thin-components">
      {t('health.thinComponents', {
        list,
        needed: num(ranking.componentFailuresNeeded ?? 0),
      })}{' '}
      <button type="button" className="btn link" onClick={onHealth}>
        {t('health.thinComponentsShow')}
      </button>
    </p>
  );
}

/** A row's reasons in words, one a line. */
export function HealthReasons({ row }: { row: HealthRow }) {
  const { t, num } = useI18n();
  if (row.signals.length === 0) return <>—</>;
  return (
    <ul className="reason-list">
      {row.signals.map((s) => (
        <li key={`${s.feature}|${s.basis}`}>{signalText(s, t, num)}</li>
      ))}
    </ul>
  );
}

/** The level word in its colour. */
export function HealthLevel({ row }: { row: HealthRow }) {
  const { t } = useI18n();
  return <span className={`level health-${row.level}`}>{t(`health.level.${row.level}`)}</span>;
}

/** The link to a row's machine detail; null for a machine the plant no longer names. */
function machineHref(row: HealthRow, keys: Record<string, number>): string | null {
  const k = keys[row.machineId];
  return k === undefined ? null : `#/machine/${k}`;
}

/** The unusual-behaviour view, its ranking read when the view is shown. */
function HealthViewLoaded() {
  const health = useHealthRanking();
  return <HealthView ranking={health.ranking} keys={health.keys} />;
}

function HealthView({
  ranking,
  keys,
}: {
  ranking: HealthRanking | null;
  keys: Record<string, number>;
}) {
  const { t, num, dateTime } = useI18n();
  const { navigate, summary } = useApp();
  const [choice, setChoiceState] = useState<HealthChoice>(loadChoice);
  const setChoice = (c: HealthChoice) => {
    setChoiceState(c);
    saveChoice(c);
  };
  const { show, type } = choice;
  const [search, setSearch] = useState('');

  const types = useMemo(
    () =>
      [...new Set((ranking?.rows ?? []).map((r) => r.machineType ?? '').filter(Boolean))].sort(),
    [ranking],
  );
  const rows = useMemo(() => {
    const q = search.trim().toLowerCase();
    return shownRows(ranking?.rows ?? [], choice).filter(
      (r) =>
        !q ||
        r.machineId.toLowerCase().includes(q) ||
        (r.component ?? '').toLowerCase().includes(q),
    );
  }, [ranking, choice, search]);
  const counts = useMemo(() => {
    const c = { unusual: 0, watch: 0, normal: 0 };
    for (const r of ranking?.rows ?? []) c[r.level]++;
    return c;
  }, [ranking]);

  if (!ranking) return <p className="muted">{t('common.loading')}</p>;
  return (
    <section className="screen" aria-labelledby="health-title" data-testid="health-view">
      <header className="screen-head row-between">
        <div>
          <h1 id="health-title">{t('health.title')}</h1>
          <p className="muted">
            {ranking.asOf !== null
              ? t('health.info', {
                  asOf: dateTime(ranking.asOf / 1000),
                  machines: num(new Set(ranking.rows.map((r) => r.machineId)).size),
                })
              : t('health.noData')}
          </p>
        </div>
        <div className="actions">
          <a className="btn" href="#/settings">
            {t('health.mapLink')}
          </a>
          <button
            type="button"
            className="btn primary"
            onClick={() => navigate('print', 'health')}
            disabled={ranking.rows.length === 0}
          >
            {t('health.print')}
          </button>
        </div>
      </header>
      <HealthBanner ranking={ranking} />

      {ranking.asOf === null || ranking.rows.length === 0 ? (
        <div className="panel empty">
          <p>{!summary?.telemetryRows ? t('plants.rankingNeedsData') : t('health.empty')}</p>
          {!summary?.telemetryRows && (
            <button type="button" className="btn" onClick={() => navigate('import')}>
              {t('nav.import')}
            </button>
          )}
        </div>
      ) : (
        <>
          <div className="summary-chips" aria-label={t('health.levels')}>
            <span className="chip health-unusual">
              {t('health.level.unusual')}: {num(counts.unusual)}
            </span>
            <span className="chip health-watch">
              {t('health.level.watch')}: {num(counts.watch)}
            </span>
            <span className="chip health-normal">
              {t('health.level.normal')}: {num(counts.normal)}
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
              label={t('health.show')}
              value={show}
              options={['flagged', 'all'] as HealthShow[]}
              text={(s) => t(s === 'all' ? 'health.showAll' : 'health.showFlagged')}
              onChange={(v) => setChoice({ ...choice, show: v })}
            />
            <SelectField
              inline
              label={t('health.type')}
              value={type}
              options={['', ...types]}
              text={(c) => (c === '' ? t('common.all') : c)}
              onChange={(v) => setChoice({ ...choice, type: v })}
            />
          </div>
          <p className="muted small">
            {t('health.showing', { n: num(rows.length), total: num(ranking.rows.length) })}
          </p>
          <HealthTable rows={rows} keys={keys} />
        </>
      )}
    </section>
  );
}

/** The ranked rows; a click on a row opens its machine. */
function HealthTable({ rows, keys }: { rows: HealthRow[]; keys: Record<string, number> }) {
  const { t } = useI18n();
  return (
    <DataTable
      rows={rows}
      label={t('health.tableName')}
      empty={t('health.noneShown')}
      rowKey={healthRowKey}
      rowTestId="health-row"
      onRowClick={(r) => {
        const href = machineHref(r, keys);
        if (href) location.hash = href;
      }}
      columns={[
        {
          id: 'rank',
          header: t('col.rank'),
          num: true,
          cell: (_r, i) => i + 1,
        },
        {
          id: 'machine',
          header: t('col.machine'),
          cell: (r) => {
            const href = machineHref(r, keys);
            return href ? <a href={href}>{r.machineId}</a> : r.machineId;
          },
          sortValue: (r) => r.machineId,
        },
        {
          id: 'type',
          header: t('health.type'),
          cell: (r) => r.machineType ?? '—',
          sortValue: (r) => r.machineType,
        },
        {
          id: 'component',
          header: t('col.component'),
          cell: (r) => <HealthComponent row={r} />,
          sortValue: (r) => r.component ?? '',
        },
        {
          id: 'score',
          header: t('health.score'),
          num: true,
          cellTestId: 'health-score',
          cell: (r) => <HealthScore row={r} />,
          sortValue: (r) => r.score,
          sortFirst: 'descending',
        },
        { id: 'level', header: t('col.level'), cell: (r) => <HealthLevel row={r} /> },
        {
          id: 'reasons',
          header: t('health.reasons'),
          cellClass: 'reasons health-reasons',
          cellTestId: 'health-reasons',
          cell: (r) => <HealthReasons row={r} />,
        },
      ]}
    />
  );
}

function HealthComponent({ row }: { row: HealthRow }) {
  const { t } = useI18n();
  return <>{componentText(row, t)}</>;
}

function HealthScore({ row }: { row: HealthRow }) {
  const { num } = useI18n();
  return <>{scoreText(row, num)}</>;
}

/** The machine detail's "Unusual behaviour" panel: the machine's health rows and reasons. */
export function MachineHealth({ name }: { name: string }) {
  const { t } = useI18n();
  const { ranking } = useHealthRanking();
  const rows = (ranking?.rows ?? []).filter((r) => r.machineId === name);
  return (
    <div className="panel machine-health" data-testid="machine-health">
      <h2>{t('health.machineTitle')}</h2>
      <p className="muted small">
        {t('health.notRisk')} {t('health.what')}
      </p>
      {!ranking ? (
        <p className="muted">{t('common.loading')}</p>
      ) : (
        <DataTable
          rows={rows}
          label={t('health.machineTitle')}
          empty={t('health.machineNone')}
          rowKey={healthRowKey}
          columns={[
            {
              id: 'component',
              header: t('col.component'),
              cell: (r) => <HealthComponent row={r} />,
            },
            {
              id: 'score',
              header: t('health.score'),
              num: true,
              cell: (r) => <HealthScore row={r} />,
            },
            { id: 'level', header: t('col.level'), cell: (r) => <HealthLevel row={r} /> },
            {
              id: 'reasons',
              header: t('health.reasons'),
              cellClass: 'reasons health-reasons',
              cell: (r) => <HealthReasons row={r} />,
            },
          ]}
        />
      )}
    </div>
  );
}
