/**
 * Work-order proposals: the step from a risk ranking to work on the floor. Each
 * scoring run evaluates the plant's alert rules (workers/orders/rules.ts) inside the
 * run's own transaction and proposes work orders for the machines and components that
 * meet one; later replacements and failures in the data close the loop.
 *
 * Definitions:
 * - A run's data-as-of time is its latest observation time; runs are "consecutive" in
 *   the order of their data-as-of times (of runs with the same data-as-of, the latest
 *   run counts, so scoring the same data twice is not two runs in a row). A machine's
 *   risk in a run is the risk at its latest observation in that run; a run that did
 *   not score the machine breaks its streak. Levels use the plant's thresholds now.
 * - Machines without recent data in a run (workers/score/stale.ts) get no proposal.
 * - No proposal for a machine and component while one is open or accepted, nor until
 *   the cooldown has passed since the last one was dismissed or done. Cooldowns are on
 *   the clock passed in (wall-clock milliseconds), not on data time.
 * - Due date: the observation time plus the horizon of the run's model (the model
 *   says the component may fail within it).
 * - Closing the loop (`closeLoop`, run by imports and by each evaluation): a
 *   replacement of the component after the observation marks an open or accepted
 *   proposal done; a failure of that machine and component after the observation and
 *   by the due date, with no replacement between, sets the outcome to 'failure'
 *   whatever the state (so a dismissed proposal before a failure is counted).
 */
import type { Store } from '../store/store';
import type { SqlValue } from 'sql.js';
import { runModelCadence } from '../model/model-store';
import { plantStaleAfterSteps, plantThresholds } from '../store/plant-settings';
import { leftOutIds, staleMachines } from '../score/stale';
import { modelUsualValues } from '../score/risk-ranking';
import {
  prepareResultReasons,
  prepareRunResultsInKeyOrder,
  runAsOf,
  runModelId,
} from '../score/run-store';
import { machineListRows } from '../store/machines-store';
import { readReasons, type UsualValues } from '../score/reasons';
import type { Reason } from '../report/reason-text';
import { compareMachineIds } from '../shared/machine-id';
import { FieldError } from '../shared/field-error';
import { plantOrderRules, type OrderRules } from './rules';

export type ProposalState = 'open' | 'accepted' | 'dismissed' | 'done';
export const PROPOSAL_STATES: readonly ProposalState[] = ['open', 'accepted', 'dismissed', 'done'];

/** Why a proposal was made: which rule, over how many runs, and the risks in them. */
export interface ProposalTrigger {
  rule: 'high' | 'medium';
  /** Consecutive runs the rule needed. */
  runs: number;
  /** The risks of those runs, oldest first. */
  risks: number[];
}

export interface Proposal {
  id: number;
  machineId: number;
  machine: string;
  machineModel: string;
  component: string;
  state: ProposalState;
  /** Risk at the observation that raised it. */
  risk: number;
  level: 'high' | 'medium';
  trigger: ProposalTrigger;
  /** The model's reasons for the risk with their values and what is usual. */
  reasons: Reason[];
  /** The runs that met the rule, oldest first; the last one created the proposal. */
  triggerRuns: number[];
  runId: number;
  /** Observation time the risk is from (plant seconds). */
  observed: number;
  /** Suggested due date (plant seconds). */
  due: number;
  /** Clock time of creation and of the last state change (epoch ms). */
  createdAt: number;
  stateChangedAt: number;
  dismissReason: string | null;
  /** 'replacement' when an imported replacement closed it, 'user' when marked done by hand. */
  doneBy: 'user' | 'replacement' | null;
  /** 'failure' when the component failed after the observation and by the due date. */
  outcome: 'failure' | null;
  /** Time of that failure (plant seconds). */
  outcomeT: number | null;
}

export interface EvaluationResult {
  runId: number;
  /** Proposals this run made. */
  opened: number[];
  /** Machine x component pairs that met a rule but already had an open or cooling-down proposal. */
  held: number;
  /** Proposals the data closed (replacements) or gave an outcome (failures). */
  closed: number;
  failures: number;
}

/** Milliseconds since 1970: the clock for cooldowns and state changes. */
export type Clock = () => number;

export const systemClock: Clock = () => Date.now();

const MAX_DISMISS_REASON = 500;

/**
 * Probability per machine x component at each machine's latest observation in a run.
 * Read in key order and kept per machine in JS: as fast as a plain scan, where a
 * max(t)-per-machine join in SQL took several times longer on a 1000-machine run.
 */
function latestRisks(
  store: Store,
  runId: number,
): Map<string, { machineId: number; component: string; p: number; t: number }> {
  const out = new Map<string, { machineId: number; component: string; p: number; t: number }>();
  const st = prepareRunResultsInKeyOrder(store);
  let machine = -1;
  let lastT = -Infinity;
  let keys: string[] = [];
  try {
    st.bind([runId]);
    while (st.step()) {
      const row = st.get();
      const machineId = Number(row[0]);
      const t = Number(row[1]);
      if (machineId !== machine) {
        machine = machineId;
        lastT = t;
        keys = [];
      } else if (t > lastT) {
        // A later observation of the same machine: only the latest one counts.
        for (const k of keys) out.delete(k);
        keys = [];
        lastT = t;
      }
      const component = String(row[2]);
      const key = `${machineId}\u0000${component}`;
      keys.push(key);
      out.set(key, { machineId, component, p: Number(row[3]), t });
    }
  } finally {
    st.free();
  }
  return out;
}

/**
 * Evaluates the plant's rules for run `runId` and stores the proposals it makes. Call
 * inside the run's transaction (scoreRun does), so a run and its proposals are saved
 * together. Evaluating the same run twice makes nothing new.
 */
export function evaluateRun(
  store: Store,
  runId: number,
  clock: Clock = systemClock,
  rules: OrderRules = plantOrderRules(store),
): EvaluationResult {
  return store.transaction(() => {
    const now = clock();
    const loop = closeLoop(store, now);
    const result: EvaluationResult = {
      runId,
      opened: [],
      held: 0,
      closed: loop.closed,
      failures: loop.failures,
    };
    if (store.scalar('SELECT 1 FROM order_runs WHERE run_id=?', [runId]) !== null) return result;
    const asOf = runAsOf(store, runId);
    if (asOf === null) return result;
    store.db.run('INSERT INTO order_runs(run_id, as_of, evaluated_at) VALUES(?,?,?)', [
      runId,
      asOf,
      now,
    ]);
    const need = Math.max(rules.highRuns, rules.mediumRuns);
    if (need === 0) return result;
    const levels = plantThresholds(store);
    const current = latestRisks(store, runId);
    const stale = leftOutIds(staleMachines(store, runId, plantStaleAfterSteps(store)));
    // Most at risk first, so a run's proposals are numbered in the order of urgency.
    const candidates = [...current.values()]
      .filter((c) => c.p >= levels.medium && c.component !== 'none' && !stale.has(c.machineId))
      .sort(
        (a, b) =>
          b.p - a.p ||
          a.machineId - b.machineId ||
          (a.component < b.component ? -1 : a.component > b.component ? 1 : 0),
      );
    if (!candidates.length) return result;

    // The runs before this one, newest first, one per data-as-of time.
    const previous: number[] = [];
    if (need > 1) {
      const st = store.db.prepare(
        'SELECT run_id, as_of FROM order_runs WHERE as_of<? ORDER BY as_of DESC, run_id DESC',
      );
      try {
        st.bind([asOf]);
        let lastAsOf: number | null = null;
        while (previous.length < need - 1 && st.step()) {
          const [id, a] = st.get() as [number, number];
          if (a === lastAsOf) continue;
          lastAsOf = a;
          previous.push(id);
        }
      } finally {
        st.free();
      }
    }
    const history = previous.map((id) => latestRisks(store, id));

    const blocked = blockedPairs(store, now, rules.cooldownSeconds);
    const horizon = runModelCadence(store, runId).horizonSeconds;
    const ins = store.db.prepare(
      `INSERT INTO proposals(machine_id, component, state, risk, level, trigger_json, reasons,
         trigger_runs, run_id, observed, due, created_at, state_changed_at)
       VALUES(?,?,'open',?,?,?,?,?,?,?,?,?,?)`,
    );
    // Reasons of the few results that become proposals (reading every row's is slow).
    const why = prepareResultReasons(store);
    const lastId = store.db.prepare('SELECT last_insert_rowid()');
    const one = (st: typeof why, params: SqlValue[]): SqlValue => {
      st.bind(params);
      const v = st.step() ? st.get()[0] : null;
      st.reset();
      return v;
    };
    try {
      for (const c of candidates) {
        const key = `${c.machineId}\u0000${c.component}`;
        // Risks newest first: this run, then the previous runs while they scored the pair.
        const risks = [c.p];
        for (const h of history) {
          const r = h.get(key);
          if (!r) break;
          risks.push(r.p);
        }
        const streak = (min: number) => {
          let n = 0;
          while (n < risks.length && risks[n] >= min) n++;
          return n;
        };
        let trigger: ProposalTrigger | null = null;
        if (rules.highRuns > 0 && streak(levels.high) >= rules.highRuns) {
          trigger = { rule: 'high', runs: rules.highRuns, risks: [] };
        } else if (rules.mediumRuns > 0 && streak(levels.medium) >= rules.mediumRuns) {
          trigger = { rule: 'medium', runs: rules.mediumRuns, risks: [] };
        }
        if (!trigger) continue;
        if (blocked.has(key)) {
          result.held++;
          continue;
        }
        trigger.risks = risks.slice(0, trigger.runs).reverse();
        const runs = [...previous.slice(0, trigger.runs - 1)].reverse().concat(runId);
        ins.run([
          c.machineId,
          c.component,
          c.p,
          c.p >= levels.high ? 'high' : 'medium',
          JSON.stringify(trigger),
          String(one(why, [runId, c.machineId, c.t, c.component]) ?? '[]'),
          JSON.stringify(runs),
          runId,
          c.t,
          c.t + horizon,
          now,
          now,
        ]);
        result.opened.push(Number(one(lastId, [])));
        blocked.add(key);
      }
    } finally {
      for (const st of [ins, why, lastId]) st.free();
    }
    return result;
  });
}

/** Machine x component keys that may not get a new proposal now. */
function blockedPairs(store: Store, now: number, cooldownSeconds: number): Set<string> {
  const out = new Set<string>();
  const cutoff = now - cooldownSeconds * 1000;
  for (const r of store.all<{ machine_id: number; component: string }>(
    `SELECT DISTINCT machine_id, component FROM proposals
     WHERE state IN ('open', 'accepted') OR state_changed_at > ?`,
    [cutoff],
  ))
    out.add(`${r.machine_id}\u0000${r.component}`);
  return out;
}

/**
 * Closes proposals from the data: a replacement of the component after the observation
 * marks an open or accepted proposal done; a failure after it (by the due date, with no
 * replacement between) gives any proposal the outcome 'failure'. Imports call it inside
 * their savepoint; rule evaluation calls it first.
 */
export function closeLoop(
  store: Store,
  now: number = Date.now(),
): { closed: number; failures: number } {
  store.db.run(
    `UPDATE proposals SET state='done', done_by='replacement', state_changed_at=?
     WHERE state IN ('open', 'accepted') AND EXISTS (SELECT 1 FROM maint m
       WHERE m.machine_id=proposals.machine_id AND m.comp=proposals.component AND m.t>proposals.observed)`,
    [now],
  );
  const closed = store.db.getRowsModified();
  store.db.run(
    `UPDATE proposals SET outcome='failure', outcome_t=(SELECT min(f.t) FROM failures f
       WHERE f.machine_id=proposals.machine_id AND f.failure=proposals.component
         AND f.t>proposals.observed AND f.t<=proposals.due)
     WHERE outcome IS NULL AND EXISTS (SELECT 1 FROM failures f
       WHERE f.machine_id=proposals.machine_id AND f.failure=proposals.component
         AND f.t>proposals.observed AND f.t<=proposals.due
         AND NOT EXISTS (SELECT 1 FROM maint m WHERE m.machine_id=f.machine_id
           AND m.comp=f.failure AND m.t>proposals.observed AND m.t<f.t))`,
  );
  return { closed, failures: store.db.getRowsModified() };
}

export interface ProposalFilter {
  state?: ProposalState;
  /** Only these proposals. */
  ids?: number[];
  /** At most this many, the newest. */
  limit?: number;
}

// The machine's name (2), its model (3) and the run's model (20) are filled in from
// their owners' reads, so the row keeps one layout.
const COLS = `p.id, p.machine_id, NULL AS machine, NULL AS model, p.component,
  p.state, p.risk, p.level, p.trigger_json, p.reasons, p.trigger_runs, p.run_id, p.observed, p.due,
  p.created_at, p.state_changed_at, p.dismiss_reason, p.done_by, p.outcome, p.outcome_t,
  NULL AS model_id`;

/**
 * Proposals, newest first. Rows are read as arrays (`get`), several times faster than
 * as objects in sql.js, which matters for the year's thousands a large plant makes.
 */
export function listProposals(store: Store, filter: ProposalFilter = {}): Proposal[] {
  const where: string[] = [];
  const params: SqlValue[] = [];
  if (filter.state) {
    assertState(filter.state);
    where.push('p.state=?');
    params.push(filter.state);
  }
  if (filter.ids) {
    where.push(`p.id IN (${filter.ids.map(() => '?').join(',') || 'NULL'})`);
    params.push(...filter.ids);
  }
  const st = store.db.prepare(
    `SELECT ${COLS} FROM proposals p
     ${where.length ? 'WHERE ' + where.join(' AND ') : ''} ORDER BY p.id DESC
     ${filter.limit !== undefined ? `LIMIT ${Math.max(0, Math.floor(filter.limit))}` : ''}`,
  );
  const out: Proposal[] = [];
  const names = store.machineNames();
  const models = new Map(machineListRows(store).map((m) => [m.machineId, m.model]));
  const runModels = new Map<number, number | null>();
  const modelOfRun = (runId: number): number | null => {
    if (!runModels.has(runId)) runModels.set(runId, runModelId(store, runId));
    return runModels.get(runId) ?? null;
  };
  // What is usual comes with the model of the proposal's run; read once per model.
  const usualByModel = new Map<number, UsualValues | null>();
  const usualOf = (modelId: SqlValue): UsualValues | null => {
    if (modelId === null) return null;
    const id = Number(modelId);
    if (!usualByModel.has(id)) usualByModel.set(id, modelUsualValues(store, id));
    return usualByModel.get(id) ?? null;
  };
  try {
    st.bind(params);
    while (st.step()) {
      const row = st.get();
      const machineId = Number(row[1]);
      row[2] = names.get(machineId) ?? machineId;
      row[3] = models.get(machineId) ?? null;
      row[20] = modelOfRun(Number(row[11]));
      out.push(toProposal(row, usualOf(row[20])));
    }
  } finally {
    st.free();
  }
  return out;
}

/** A row of COLS, in its order. */
function toProposal(r: SqlValue[], usual: UsualValues | null): Proposal {
  const num = (v: SqlValue) => (v === null ? null : Number(v));
  return {
    id: Number(r[0]),
    machineId: Number(r[1]),
    machine: String(r[2]),
    machineModel: r[3] === null ? '' : String(r[3]),
    component: String(r[4]),
    state: String(r[5]) as ProposalState,
    risk: Number(r[6]),
    level: String(r[7]) as 'high' | 'medium',
    trigger: JSON.parse(String(r[8])) as ProposalTrigger,
    reasons: readReasons(String(r[9]), usual, r[3] === null ? '' : String(r[3])),
    triggerRuns: JSON.parse(String(r[10])) as number[],
    runId: Number(r[11]),
    observed: Number(r[12]),
    due: Number(r[13]),
    createdAt: Number(r[14]),
    stateChangedAt: Number(r[15]),
    dismissReason: r[16] === null ? null : String(r[16]),
    doneBy: r[17] === null ? null : (String(r[17]) as 'user' | 'replacement'),
    outcome: r[18] === null ? null : 'failure',
    outcomeT: num(r[19]),
  };
}

function assertState(s: string): asserts s is ProposalState {
  if (!(PROPOSAL_STATES as readonly string[]).includes(s))
    throw new FieldError(
      'state',
      'state',
      `'${s}' is not a proposal state: open, accepted, dismissed or done`,
      {
        states: PROPOSAL_STATES.join(', '),
      },
    );
}

const LIVE: ReadonlySet<ProposalState> = new Set(['open', 'accepted']);

/** Which state changes a planner may make by hand. */
const MOVES: Record<ProposalState, readonly ProposalState[]> = {
  open: ['accepted', 'dismissed', 'done'],
  accepted: ['dismissed', 'done', 'open'],
  dismissed: ['open'],
  done: [],
};

export interface StateChange {
  state: ProposalState;
  /** Required for 'dismissed'. */
  reason?: string;
}

/**
 * Moves proposals to a state: all of them or none (an unknown id or a move a
 * proposal's state does not allow refuses the whole change). Returns them as stored.
 */
export function setProposalState(
  store: Store,
  ids: number[],
  change: StateChange,
  clock: Clock = systemClock,
): Proposal[] {
  assertState(change.state);
  const reason = (change.reason ?? '').trim();
  if (change.state === 'dismissed' && !reason)
    throw new FieldError('reason', 'required', 'a dismissed proposal needs a reason');
  if (reason.length > MAX_DISMISS_REASON)
    throw new FieldError(
      'reason',
      'too-long',
      `the reason is longer than ${MAX_DISMISS_REASON} characters`,
      {
        max: MAX_DISMISS_REASON,
      },
    );
  if (!ids.length) throw new FieldError('ids', 'required', 'no proposal was chosen');
  return store.transaction(() => {
    const now = clock();
    const found = listProposals(store, { ids });
    for (const id of ids) {
      const p = found.find((x) => x.id === id);
      if (!p) throw new FieldError('ids', 'unknown', `there is no proposal #${id}`, { id });
      if (p.state !== change.state && !MOVES[p.state].includes(change.state))
        throw new FieldError(
          'state',
          'move',
          `proposal #${id} is ${p.state}: it cannot be marked ${change.state}`,
          { id, from: p.state, to: change.state },
        );
      // One live proposal per machine and component: reopening an old one while a
      // newer one is open or accepted would be the duplicate the rules avoid.
      if ((change.state === 'open' || change.state === 'accepted') && !LIVE.has(p.state)) {
        const other = store.scalar(
          `SELECT id FROM proposals WHERE machine_id=? AND component=? AND id<>?
             AND state IN ('open', 'accepted') LIMIT 1`,
          [p.machineId, p.component, id],
        );
        if (other !== null)
          throw new FieldError(
            'state',
            'duplicate',
            `proposal #${Number(other)} for ${p.component} of machine ${p.machine} is open or accepted: #${id} stays ${p.state}`,
            { id, other: Number(other), machine: p.machine, component: p.component },
          );
      }
    }
    const st = store.db.prepare(
      `UPDATE proposals SET state=?, state_changed_at=?, dismiss_reason=?,
         done_by=CASE WHEN ?='done' THEN 'user' ELSE NULL END WHERE id=? AND state<>?`,
    );
    try {
      for (const id of ids)
        st.run([
          change.state,
          now,
          change.state === 'dismissed' ? reason : null,
          change.state,
          id,
          change.state,
        ]);
    } finally {
      st.free();
    }
    return listProposals(store, { ids });
  });
}

export interface ProposalFigures {
  total: number;
  open: number;
  accepted: number;
  dismissed: number;
  done: number;
  /** Done because a replacement was imported. */
  doneByReplacement: number;
  /** Proposals followed by a failure of their component by the due date. */
  precededFailure: number;
  /** Of those, the ones that had been dismissed. */
  dismissedBeforeFailure: number;
}

/** Counts by state and how proposals turned out. */
export function proposalFigures(store: Store): ProposalFigures {
  const r = store.all<Record<string, number | null>>(
    `SELECT count(*) AS total,
       sum(state='open') AS open, sum(state='accepted') AS accepted,
       sum(state='dismissed') AS dismissed, sum(state='done') AS done,
       sum(done_by='replacement') AS by_repl, sum(outcome='failure') AS failed,
       sum(outcome='failure' AND state='dismissed') AS dismissed_failed
     FROM proposals`,
  )[0];
  const n = (v: number | null | undefined) => Number(v ?? 0);
  return {
    total: n(r.total),
    open: n(r.open),
    accepted: n(r.accepted),
    dismissed: n(r.dismissed),
    done: n(r.done),
    doneByReplacement: n(r.by_repl),
    precededFailure: n(r.failed),
    dismissedBeforeFailure: n(r.dismissed_failed),
  };
}

/** Proposals grouped per machine (machine order), for the printed sheets. */
export function byMachine(list: Proposal[]): Array<{ machine: string; proposals: Proposal[] }> {
  const groups = new Map<string, Proposal[]>();
  for (const p of list) {
    const g = groups.get(p.machine) ?? [];
    g.push(p);
    groups.set(p.machine, g);
  }
  return [...groups.entries()]
    .sort((a, b) => compareMachineIds(a[0], b[0]))
    .map(([machine, proposals]) => ({
      machine,
      proposals: proposals.sort((a, b) => a.due - b.due || b.risk - a.risk),
    }));
}
