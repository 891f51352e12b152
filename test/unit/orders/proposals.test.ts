/**
 * Work-order rules over a sequence of scoring runs, on a fake clock: a high risk in
 * any run, a medium risk in N consecutive runs (by data-as-of time), no duplicate
 * while a proposal is open, accepted or cooling down, and the loop closed by imported
 * replacements and failures.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { BASE, storeWith } from '../features/fixtures';
import type { Store } from '../../../workers/store/store';
import { importCsv } from '../../../workers/ingest';
import {
  closeLoop,
  evaluateRun,
  listProposals,
  proposalFigures,
  setProposalState,
  type Proposal,
} from '../../../workers/orders/proposals';
import {
  DEFAULT_ORDER_RULES,
  orderRulesProblem,
  plantOrderRules,
  setPlantOrderRules,
} from '../../../workers/orders/rules';
import { DAY, HOUR } from '../../../workers/shared/time';
import { fieldProblemOf } from '../../../workers/shared/field-error';

const HIGH = 0.7;
const MED = 0.3;
const LOW = 0.05;

/** A fake wall clock: starts at a fixed instant, moved by the test. */
function fakeClock(start = Date.UTC(2026, 0, 1)) {
  let now = start;
  const clock = () => now;
  clock.advance = (ms: number) => {
    now += ms;
  };
  return clock;
}

let store: Store;
let clock: ReturnType<typeof fakeClock>;

beforeEach(async () => {
  store = await storeWith({
    sensors: ['volt'],
    telemetry: [1, 2, 3].map((m) => [m, BASE + 60 * DAY, 170]),
    errors: [],
    maint: [],
    failures: [],
    machines: [1, 2, 3].map((m) => [m, 'model1', 10] as [number, string, number]),
  });
  // A stand-in model (7-day horizon, 12 h step): the rules read only the runs' results.
  store.db.run(
    `INSERT INTO models(created, learner, hyperparameters, feature_names, label_names,
       horizon_days, model) VALUES('2026-01-01', 'fake', '{}', '[]', '["none","comp1","comp2"]', 7, x'00')`,
  );
  clock = fakeClock();
});

/**
 * Stores a 'latest' run whose data is as of `day` days after BASE with the given risks
 * per machine (comp1; comp2 stays low) and evaluates the rules, as scoreRun does.
 */
function run(day: number, risks: Record<number, number>, reasons = '[["volt_mean_24",0.12]]') {
  return store.transaction(() => {
    store.db.run(
      `INSERT INTO runs(model_id, request_key, mode, started, finished, status, rows)
       VALUES(1, ?, 'latest', '2026-01-01T00:00:00Z', '2026-01-01T00:00:01Z', 'ok', ?)`,
      [`k${Math.random()}`, Object.keys(risks).length],
    );
    const runId = Number(store.scalar('SELECT last_insert_rowid()'));
    const t = BASE + day * DAY;
    for (const [m, p] of Object.entries(risks)) {
      store.db.run('INSERT INTO results VALUES(?,?,?,?,?,?)', [
        runId,
        Number(m),
        t,
        'comp1',
        p,
        reasons,
      ]);
      store.db.run('INSERT INTO results VALUES(?,?,?,?,?,?)', [
        runId,
        Number(m),
        t,
        'comp2',
        LOW,
        '[]',
      ]);
    }
    return evaluateRun(store, runId, clock);
  });
}

const open = (): Proposal[] => listProposals(store, { state: 'open' });

describe('alert rules over runs', () => {
  it('a high risk in any run opens one proposal with its reasons, runs and due date', () => {
    const r = run(1, { 1: HIGH, 2: LOW, 3: MED });
    expect(r.opened).toHaveLength(1);
    const [p] = listProposals(store);
    expect(p).toMatchObject({
      machine: '1',
      machineModel: 'model1',
      component: 'comp1',
      state: 'open',
      risk: HIGH,
      level: 'high',
      trigger: { rule: 'high', runs: 1, risks: [HIGH] },
      reasons: [{ feature: 'volt_mean_24', contribution: 0.12, value: null }],
      triggerRuns: [r.runId],
      runId: r.runId,
      observed: BASE + DAY,
      // The model's horizon after the observation.
      due: BASE + DAY + 7 * DAY,
      createdAt: clock(),
    });
  });

  it('a medium risk opens a proposal only in the third consecutive run', () => {
    const a = run(1, { 2: MED });
    const b = run(2, { 2: MED });
    expect(a.opened.length + b.opened.length).toBe(0);
    const c = run(3, { 2: 0.45 });
    expect(c.opened).toHaveLength(1);
    const [p] = open();
    expect(p.trigger).toEqual({ rule: 'medium', runs: 3, risks: [MED, MED, 0.45] });
    expect(p.triggerRuns).toEqual([a.runId, b.runId, c.runId]);
    expect(p.level).toBe('medium');
  });

  it('a low run breaks the streak, and so does a run that did not score the machine', () => {
    run(1, { 2: MED });
    run(2, { 2: MED });
    run(3, { 2: LOW });
    run(4, { 2: MED });
    run(5, { 2: MED });
    expect(open()).toHaveLength(0);
    run(6, { 3: MED }); // machine 2 not in this run
    run(7, { 2: MED });
    run(8, { 2: MED });
    expect(open()).toHaveLength(0);
    run(9, { 2: MED });
    expect(open()).toHaveLength(1);
  });

  it('runs are consecutive by data-as-of time: rescoring the same data is not a second run', () => {
    run(1, { 2: MED });
    run(1, { 2: MED }); // the same data scored again (another model, say)
    expect(run(2, { 2: MED }).opened).toHaveLength(0);
    // An older day scored late fits between its neighbours, not after the newest.
    run(10, { 1: MED });
    run(12, { 1: MED });
    expect(run(11, { 1: MED }).opened).toHaveLength(0); // only day 10 is before it
    expect(run(13, { 1: MED }).opened).toHaveLength(1); // 11, 12, 13
    expect(open()[0].triggerRuns).toHaveLength(3);
  });

  it('no duplicate while open or accepted; after a dismissal, none until the cooldown passed', () => {
    run(1, { 1: HIGH });
    clock.advance(DAY * 1000);
    const again = run(2, { 1: HIGH });
    expect(again.opened).toHaveLength(0);
    expect(again.held).toBe(1);
    const [p] = open();
    setProposalState(store, [p.id], { state: 'accepted' }, clock);
    clock.advance(10 * DAY * 1000);
    expect(run(3, { 1: HIGH }).held).toBe(1);
    setProposalState(
      store,
      [p.id],
      { state: 'dismissed', reason: 'inspected, bearing fine' },
      clock,
    );
    clock.advance(47 * HOUR * 1000);
    expect(run(4, { 1: HIGH }).opened).toHaveLength(0); // 47 h of a 48 h cooldown
    clock.advance(2 * HOUR * 1000);
    expect(run(5, { 1: HIGH }).opened).toHaveLength(1);
    expect(listProposals(store).map((x) => x.state)).toEqual(['open', 'dismissed']);
  });

  it('an old proposal cannot be reopened while a newer one for the same pair is live', () => {
    run(1, { 1: HIGH });
    const [first] = open();
    setProposalState(store, [first.id], { state: 'dismissed', reason: 'fine' }, clock);
    clock.advance(3 * DAY * 1000);
    expect(run(2, { 1: HIGH }).opened).toHaveLength(1);
    const e = catchIt(() => setProposalState(store, [first.id], { state: 'open' }, clock));
    expect(fieldProblemOf(e)).toMatchObject({
      field: 'state',
      code: 'duplicate',
      params: { other: first.id + 1 },
    });
    expect(listProposals(store).map((p) => p.state)).toEqual(['open', 'dismissed']);
  });

  it('evaluating the same run twice makes nothing new', () => {
    const r = run(1, { 1: HIGH });
    clock.advance(30 * DAY * 1000);
    setProposalState(store, r.opened, { state: 'done' }, clock);
    clock.advance(30 * DAY * 1000);
    expect(evaluateRun(store, r.runId, clock).opened).toHaveLength(0);
    expect(listProposals(store)).toHaveLength(1);
  });

  it('machines without recent data in the run get no proposal', () => {
    // Machine 3's latest observation is 10 days before the run's data-as-of time.
    store.transaction(() => {
      store.db.run(
        `INSERT INTO runs(model_id, request_key, mode, started, status, rows) VALUES(1,'s','latest','x','ok',2)`,
      );
      const id = Number(store.scalar('SELECT last_insert_rowid()'));
      store.db.run('INSERT INTO results VALUES(?,?,?,?,?,?)', [
        id,
        1,
        BASE + 20 * DAY,
        'comp1',
        LOW,
        '[]',
      ]);
      store.db.run('INSERT INTO results VALUES(?,?,?,?,?,?)', [
        id,
        3,
        BASE + 10 * DAY,
        'comp1',
        0.9,
        '[]',
      ]);
      expect(evaluateRun(store, id, clock).opened).toHaveLength(0);
    });
  });

  it('a range run counts each machine at its latest observation only', () => {
    store.transaction(() => {
      store.db.run(
        `INSERT INTO runs(model_id, request_key, mode, started, status, rows) VALUES(1,'r','range','x','ok',4)`,
      );
      const id = Number(store.scalar('SELECT last_insert_rowid()'));
      const row = (m: number, day: number, comp: string, p: number) =>
        store.db.run('INSERT INTO results VALUES(?,?,?,?,?,?)', [
          id,
          m,
          BASE + day * DAY,
          comp,
          p,
          '[]',
        ]);
      // Machine 1 was high on comp1 earlier in the range, low at its end; machine 2 the
      // other way round, on comp2.
      row(1, 1, 'comp1', HIGH);
      row(1, 1, 'comp2', LOW);
      row(1, 2, 'comp1', LOW);
      row(1, 2, 'comp2', LOW);
      row(2, 1, 'comp2', LOW);
      row(2, 2, 'comp2', HIGH);
      expect(evaluateRun(store, id, clock).opened).toHaveLength(1);
    });
    expect(listProposals(store)).toMatchObject([
      { machine: '2', component: 'comp2', observed: BASE + 2 * DAY },
    ]);
  });

  it('rules set to 0 are off; the high rule can ask for more than one run', () => {
    setPlantOrderRules(store, { highRuns: 2, mediumRuns: 0 });
    expect(run(1, { 1: HIGH, 2: MED }).opened).toHaveLength(0);
    run(2, { 1: HIGH, 2: MED });
    run(3, { 2: MED });
    const list = listProposals(store);
    expect(list).toHaveLength(1);
    expect(list[0].trigger).toEqual({ rule: 'high', runs: 2, risks: [HIGH, HIGH] });
  });
});

describe('closing the loop', () => {
  it('an imported replacement marks the proposal done; a failure gives it its outcome', async () => {
    run(1, { 1: HIGH, 2: HIGH, 3: HIGH });
    const byMachine = (m: string) => listProposals(store).find((p) => p.machine === m)!;
    setProposalState(
      store,
      [byMachine('2').id],
      { state: 'dismissed', reason: 'no access' },
      clock,
    );
    setProposalState(store, [byMachine('3').id], { state: 'accepted' }, clock);
    // Machine 1 replaced comp1 (a visit); machine 2 failed on comp1 after the dismissal;
    // machine 3's failure comes 9 days later, after the due date.
    const csv = (name: string, text: string) =>
      importCsv(store, {
        name,
        chunks: (async function* () {
          yield new TextEncoder().encode(text);
        })(),
        size: text.length,
      });
    await csv(
      'PdM_maint.csv',
      'datetime,machineID,comp\n2015-01-03 06:00:00,1,comp1\n2015-01-05 06:00:00,2,comp1\n',
    );
    await csv(
      'PdM_failures.csv',
      'datetime,machineID,failure\n2015-01-05 06:00:00,2,comp1\n2015-01-11 06:00:00,3,comp1\n',
    );
    expect(byMachine('1')).toMatchObject({ state: 'done', doneBy: 'replacement', outcome: null });
    expect(byMachine('2')).toMatchObject({
      state: 'dismissed',
      dismissReason: 'no access',
      outcome: 'failure',
      outcomeT: BASE + 4 * DAY + 6 * HOUR,
    });
    expect(byMachine('3')).toMatchObject({ state: 'accepted', outcome: null });
    expect(proposalFigures(store)).toEqual({
      total: 3,
      open: 0,
      accepted: 1,
      dismissed: 1,
      done: 1,
      doneByReplacement: 1,
      precededFailure: 1,
      dismissedBeforeFailure: 1,
    });
  });

  it("a failure after the component was replaced is not the proposal's", () => {
    run(1, { 1: HIGH });
    store.db.run('INSERT INTO maint VALUES(1, ?, ?)', [BASE + 2 * DAY, 'comp1']);
    store.db.run('INSERT INTO failures VALUES(1, ?, ?)', [BASE + 5 * DAY, 'comp1']);
    expect(closeLoop(store, clock())).toEqual({ closed: 1, failures: 0 });
    expect(listProposals(store)[0].outcome).toBeNull();
  });

  it('a replacement before the observation does not close it', () => {
    store.db.run('INSERT INTO maint VALUES(1, ?, ?)', [BASE, 'comp1']);
    run(1, { 1: HIGH });
    expect(closeLoop(store, clock()).closed).toBe(0);
    expect(open()).toHaveLength(1);
  });
});

describe('states', () => {
  it('a dismissal needs a reason; a refused change changes none of the proposals', () => {
    run(1, { 1: HIGH, 2: HIGH });
    const ids = open().map((p) => p.id);
    expect(
      fieldProblemOf(catchIt(() => setProposalState(store, ids, { state: 'dismissed' }, clock))),
    ).toMatchObject({ field: 'reason', code: 'required' });
    setProposalState(store, [ids[0]], { state: 'done' }, clock);
    const e = catchIt(() => setProposalState(store, ids, { state: 'accepted' }, clock));
    expect(fieldProblemOf(e)).toMatchObject({
      code: 'move',
      params: { from: 'done', to: 'accepted' },
    });
    expect(open().map((p) => p.id)).toEqual([ids[1]]);
    expect(
      fieldProblemOf(catchIt(() => setProposalState(store, [999], { state: 'done' }, clock))),
    ).toMatchObject({ field: 'ids', code: 'unknown' });
  });

  it('the state change time follows the clock; a reopened proposal drops its reason', () => {
    run(1, { 1: HIGH });
    const [p] = open();
    clock.advance(5000);
    const [d] = setProposalState(store, [p.id], { state: 'dismissed', reason: '  later  ' }, clock);
    expect(d).toMatchObject({
      state: 'dismissed',
      dismissReason: 'later',
      stateChangedAt: clock(),
    });
    const [o] = setProposalState(store, [p.id], { state: 'open' }, clock);
    expect(o.dismissReason).toBeNull();
  });
});

describe('rules', () => {
  it('defaults: high in any run, medium in 3 runs, 2 days of cooldown', () => {
    expect(plantOrderRules(store)).toEqual({
      highRuns: 1,
      mediumRuns: 3,
      cooldownSeconds: 2 * DAY,
    });
    expect(DEFAULT_ORDER_RULES.cooldownSeconds).toBe(172800);
  });

  it('bad values name their field and store nothing', () => {
    expect(orderRulesProblem({ ...DEFAULT_ORDER_RULES, highRuns: 1.5 })?.field).toBe('highRuns');
    expect(orderRulesProblem({ ...DEFAULT_ORDER_RULES, mediumRuns: 101 })?.field).toBe(
      'mediumRuns',
    );
    expect(orderRulesProblem({ ...DEFAULT_ORDER_RULES, cooldownSeconds: -1 })?.field).toBe(
      'cooldown',
    );
    expect(() => setPlantOrderRules(store, { mediumRuns: -2 })).toThrow(/medium-risk rule/);
    expect(plantOrderRules(store).mediumRuns).toBe(3);
    setPlantOrderRules(store, { mediumRuns: 5 });
    expect(plantOrderRules(store)).toMatchObject({ highRuns: 1, mediumRuns: 5 });
  });

  it('a damaged stored value reads as the defaults', () => {
    store.setMeta('order_rules', '{"highRuns": "x"');
    expect(plantOrderRules(store)).toEqual(DEFAULT_ORDER_RULES);
  });
});

function catchIt(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  throw new Error('expected a throw');
}
