/**
 * Work orders: the proposals the scoring runs' alert rules made, filtered by state,
 * with accept / dismiss (with a reason) / done / reopen, the plant-wide counts of how
 * proposals turned out, the rules editor, the CMMS CSV of the accepted proposals and
 * their printable sheets (one page per machine).
 */
import { DataTable } from '../components/data-table';
import { useEffect, useState } from 'react';
import type {
  OrderWords,
  Proposal,
  ProposalList,
  ProposalState,
  ProposalStateChange,
} from '../../workers/app/api-types';
import { fieldProblemOf, type FieldProblem } from '../../workers/shared/field-error';
import { useApp } from '../app-state';
import { call } from '../engine-client';
import { reasonsText } from '../feature-label';
import { useI18n, type I18n } from '../i18n/i18n';
import type { MessageKey } from '../i18n/en';
import { platform } from '../platform';
import { TextField } from '../components/text-field';
import { OrderRulesEditor } from './orders-rules';
import { OrderSheets } from './orders-sheets';
import '../styles/orders.css';

const STATES: ProposalState[] = ['open', 'accepted', 'dismissed', 'done'];

/** The table shows at most this many proposals, the newest (exports take every accepted one). */
const SHOWN = 500;

/** A refusal of the engine in the user's language (by its code), else its message. */
export function problemText(i18n: I18n, p: FieldProblem | null, fallback: string): string {
  if (!p) return fallback;
  const params: Record<string, string | number> = { ...p.params };
  for (const k of ['from', 'to'] as const)
    if (typeof params[k] === 'string')
      params[k] = i18n.tOr(`orders.state.${params[k]}`, String(params[k]));
  const tpl = i18n.tOr(`orders.problem.${p.code}`, '');
  return tpl
    ? tpl.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m))
    : fallback;
}

/** The rule that raised a proposal, in words. */
export function ruleText(p: Proposal, t: I18n['t']): string {
  if (p.trigger.rule === 'high')
    return p.trigger.runs === 1
      ? t('orders.rule.highAny')
      : t('orders.rule.high', { n: p.trigger.runs });
  return p.trigger.runs === 1
    ? t('orders.rule.mediumAny')
    : t('orders.rule.medium', { n: p.trigger.runs });
}

/** The CSV's and sheets' templates in the user's language. */
function orderWords(t: I18n['t']): OrderWords {
  return {
    title: t('orders.words.title'),
    ruleHighAny: t('orders.words.ruleHighAny'),
    ruleHigh: t('orders.words.ruleHigh'),
    ruleMedium: t('orders.words.ruleMedium'),
    ruleMediumAny: t('orders.words.ruleMediumAny'),
    risk: t('orders.words.risk'),
    reasons: t('orders.words.reasons'),
    high: t('risk.high'),
    medium: t('risk.medium'),
    sheetTitle: t('orders.sheets.title'),
    machine: t('col.machine'),
    machineModel: t('col.model'),
    printed: t('orders.sheets.printed'),
    proposal: t('orders.col.id'),
    component: t('col.component'),
    why: t('orders.col.why'),
    due: t('orders.col.due'),
    sourceRun: t('orders.col.run'),
    done: t('print.done'),
    doneBy: t('orders.sheets.doneBy'),
    notes: t('orders.sheets.findings'),
    pageOf: t('print.pageOf'),
  };
}

export function OrdersScreen() {
  const i18n = useI18n();
  const { t, pct, date, num } = i18n;
  const { summary, changed, setError } = useApp();
  const [filter, setFilter] = useState<ProposalState | 'all'>('open');
  const [list, setList] = useState<ProposalList | null>(null);
  const [accepted, setAccepted] = useState<Proposal[]>([]);
  const [dismissing, setDismissing] = useState<number | null>(null);
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [rowError, setRowError] = useState<{ id: number; text: string } | null>(null);
  const [rulesOpen, setRulesOpen] = useState(false);
  const [sheets, setSheets] = useState(false);

  // Bumped after every change this screen makes, so the list is read again.
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let live = true;
    Promise.all([
      call((e) => e.proposals(filter === 'all' ? undefined : filter, SHOWN)),
      call((e) => e.proposals('accepted')),
    ]).then(
      ([shown, acc]) => {
        if (!live) return;
        setList(shown);
        setAccepted(acc.proposals);
      },
      (e: Error) => live && setError(e.message),
    );
    return () => {
      live = false;
    };
  }, [filter, summary, version, setError]);

  const move = async (id: number, change: ProposalStateChange): Promise<boolean> => {
    setRowError(null);
    try {
      await call((e) => e.setProposalState([id], change));
    } catch (e) {
      const text = problemText(i18n, fieldProblemOf(e), (e as Error).message);
      if (fieldProblemOf(e)?.field === 'reason') setReasonError(text);
      else setRowError({ id, text });
      return false;
    }
    await changed();
    setVersion((v) => v + 1);
    return true;
  };

  const exportCsv = async () => {
    const ids = accepted.map((p) => p.id);
    const words = orderWords(t);
    const csv = await call((e) => e.proposalsCsv(ids, words));
    await platform.saveText(
      `work-orders-${summary?.name ?? 'plant'}.csv`,
      '\ufeff' + csv,
      'text/csv',
    );
  };

  if (sheets)
    return (
      <OrderSheets proposals={accepted} words={orderWords(t)} onBack={() => setSheets(false)} />
    );

  const f = list?.figures;
  const rows = list?.proposals ?? [];
  return (
    <section className="screen orders-screen" aria-labelledby="orders-title">
      <h1 id="orders-title">{t('orders.title')}</h1>
      <p className="muted">{t('orders.intro')}</p>
      {f && (
        <p data-testid="orders-figures">
          {t('orders.figures', {
            open: num(f.open),
            accepted: num(f.accepted),
            dismissed: num(f.dismissed),
            done: num(f.done),
          })}
          <br />
          <span className="muted small">
            {t('orders.outcomes', {
              failed: num(f.precededFailure),
              dismissed: num(f.dismissedBeforeFailure),
              replaced: num(f.doneByReplacement),
            })}
          </span>
        </p>
      )}
      <div className="toolbar">
        <label className="field inline">
          <span className="label">{t('orders.filter')}</span>
          <select
            value={filter}
            onChange={(e) => setFilter(e.target.value as ProposalState | 'all')}
          >
            <option value="all">{t('orders.state.all')}</option>
            {STATES.map((s) => (
              <option key={s} value={s}>
                {t(`orders.state.${s}` as MessageKey)}
              </option>
            ))}
          </select>
        </label>
        <div className="actions">
          <button
            type="button"
            className="btn"
            onClick={() => exportCsv().catch((e: Error) => setError(e.message))}
            disabled={!accepted.length}
          >
            {t('orders.exportCsv')}
          </button>
          <button
            type="button"
            className="btn"
            onClick={() => setSheets(true)}
            disabled={!accepted.length}
          >
            {t('orders.printSheets')}
          </button>
          <button
            type="button"
            className="btn"
            aria-expanded={rulesOpen}
            onClick={() => setRulesOpen(!rulesOpen)}
          >
            {t('orders.rules')}
          </button>
        </div>
      </div>
      {!accepted.length && <p className="muted small">{t('orders.noAccepted')}</p>}
      {rulesOpen && <OrderRulesEditor />}
      {f && rows.length === SHOWN && (filter === 'all' ? f.total : f[filter]) > SHOWN && (
        <p className="muted small" role="status">
          {t('orders.newest', {
            n: num(SHOWN),
            total: num(filter === 'all' ? f.total : f[filter]),
          })}
        </p>
      )}
      {list && rows.length === 0 ? (
        <p>{t('orders.none')}</p>
      ) : (
        <DataTable
          rows={rows}
          rowKey={(p) => p.id}
          rowTestId={(p) => `proposal-${p.id}`}
          label={t('orders.table')}
          className="orders-table"
          columns={[
            { id: 'id', header: t('orders.col.id'), cell: (p) => `#${p.id}` },
            {
              id: 'machine',
              header: t('col.machine'),
              cell: (p) => (
                <>
                  {p.machine}
                  {p.machineModel ? <span className="muted small"> · {p.machineModel}</span> : null}
                </>
              ),
            },
            { id: 'component', header: t('col.component'), cell: (p) => p.component },
            {
              id: 'risk',
              header: t('col.risk'),
              num: true,
              cell: (p) => (
                <>
                  {pct(p.risk, 1)}{' '}
                  <span className={`level ${p.level}`}>{t(`risk.${p.level}`)}</span>
                </>
              ),
            },
            {
              id: 'why',
              header: t('orders.col.why'),
              cellClass: 'reasons',
              cell: (p) => (
                <>
                  {ruleText(p, t)}
                  {p.reasons.length > 0 && (
                    <span className="muted small"> · {reasonsText(p.reasons, t, num)}</span>
                  )}
                </>
              ),
            },
            { id: 'due', header: t('orders.col.due'), cell: (p) => date(p.due) },
            {
              id: 'run',
              header: t('orders.col.run'),
              cell: (p) => <a href={`#/risks/${p.runId}`}>#{p.runId}</a>,
            },
            {
              id: 'state',
              header: t('orders.col.state'),
              cell: (p) => (
                <>
                  {t(`orders.state.${p.state}` as MessageKey)}
                  {p.dismissReason && (
                    <div className="muted small">
                      {t('orders.dismissedWhy', { reason: p.dismissReason })}
                    </div>
                  )}
                  {p.doneBy === 'replacement' && (
                    <div className="muted small">{t('orders.byReplacement')}</div>
                  )}
                  {p.outcome === 'failure' && p.outcomeT !== null && (
                    <div className="small level high">
                      {t('orders.failedOn', { date: date(p.outcomeT) })}
                    </div>
                  )}
                </>
              ),
            },
            {
              id: 'actions',
              header: t('orders.col.actions'),
              cellClass: 'row-actions',
              cell: (p) => (
                <>
                  {dismissing === p.id ? (
                    <form
                      onSubmit={(e) => {
                        e.preventDefault();
                        void move(p.id, { state: 'dismissed', reason }).then((ok) => {
                          if (ok) setDismissing(null);
                        });
                      }}
                    >
                      <TextField
                        label={t('orders.dismissReason', { id: p.id })}
                        value={reason}
                        error={reasonError}
                        onChange={(v) => {
                          setReason(v);
                          setReasonError(undefined);
                        }}
                      />
                      <button type="submit" className="btn primary">
                        {t('orders.dismissConfirm')}
                      </button>{' '}
                      <button type="button" className="btn" onClick={() => setDismissing(null)}>
                        {t('common.cancel')}
                      </button>
                    </form>
                  ) : (
                    <>
                      {p.state === 'open' && (
                        <button
                          type="button"
                          className="btn"
                          onClick={() => void move(p.id, { state: 'accepted' })}
                        >
                          {t('orders.accept')}
                        </button>
                      )}
                      {(p.state === 'open' || p.state === 'accepted') && (
                        <>
                          <button
                            type="button"
                            className="btn"
                            onClick={() => {
                              setDismissing(p.id);
                              setReason('');
                              setReasonError(undefined);
                            }}
                          >
                            {t('orders.dismiss')}
                          </button>
                          <button
                            type="button"
                            className="btn"
                            onClick={() => void move(p.id, { state: 'done' })}
                          >
                            {t('orders.markDone')}
                          </button>
                        </>
                      )}
                      {(p.state === 'accepted' || p.state === 'dismissed') && (
                        <button
                          type="button"
                          className="btn link"
                          onClick={() => void move(p.id, { state: 'open' })}
                        >
                          {t('orders.reopen')}
                        </button>
                      )}
                    </>
                  )}
                  {rowError?.id === p.id && (
                    <p className="field-error" role="alert">
                      {rowError.text}
                    </p>
                  )}
                </>
              ),
            },
          ]}
        />
      )}
    </section>
  );
}
