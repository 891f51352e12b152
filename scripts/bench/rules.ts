/**
 * `npm run bench -- rules [--machines 1000] [--days 365] [--components 4] [--seed 5]`
 *
 * Work-order rules on a plant with a year of daily scoring runs: each run's results
 * (machines x components, risks from a seeded random walk per machine and component
 * with occasional climbs towards a failure) are stored as a scoring run stores them,
 * then the alert rules are evaluated as scoreRun does inside the run's transaction,
 * on a clock one day per run. A planner accepts the open proposals every Monday and
 * marks half of the accepted ones done a week later; failures and replacements are
 * imported as the days pass, so closing the loop is part of every evaluation.
 * Prints the time per evaluation (median, 95th percentile, max) and the time to export
 * the proposals as the CMMS CSV and as the printable sheets. Target: under 1 s per run.
 */
import { parseArgs } from 'node:util';
import { Store } from '../../workers/store/store';
import { evaluateRun, listProposals, setProposalState } from '../../workers/orders/proposals';
import { proposalsCsv, workOrderSheetsHtml } from '../../workers/orders/order-export';
import { createRng } from '../../workers/forest/rng';
import { civilToEpoch, DAY } from '../../workers/shared/time';

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))];
};
const ms = (x: number) => `${x.toFixed(1)} ms`;

export async function main(args: string[]): Promise<void> {
  const { values: o } = parseArgs({
    args,
    options: {
      machines: { type: 'string', default: '1000' },
      days: { type: 'string', default: '365' },
      components: { type: 'string', default: '4' },
      seed: { type: 'string', default: '5' },
    },
  });
  const machines = Number(o.machines);
  const days = Number(o.days);
  const comps = Array.from({ length: Number(o.components) }, (_, i) => `comp${i + 1}`);
  const rnd = createRng(Number(o.seed));
  const store = await Store.open(null);
  store.transaction(() => {
    for (let m = 1; m <= machines; m++) {
      store.db.run('INSERT INTO machine_names VALUES(?, ?)', [m, `P-${m}`]);
      store.db.run('INSERT INTO machines VALUES(?, ?, ?)', [m, `model${1 + (m % 4)}`, m % 20]);
    }
    store.db.run(
      `INSERT INTO models(created, learner, hyperparameters, feature_names, label_names,
         horizon_days, model) VALUES('2026-01-01', 'bench', '{}', '[]', ?, 7, x'00')`,
      [JSON.stringify(['none', ...comps])],
    );
  });

  // Per machine x component: a risk that wanders, and now and then climbs for a few
  // days to a failure (imported with its replacement) or to a planned replacement.
  const n = machines * comps.length;
  const risk = Float64Array.from({ length: n }, () => 0.02 + rnd() * 0.08);
  const climb = new Int16Array(n); // days left of a climb, 0 when none
  const start = civilToEpoch(2015, 1, 1);
  let clock = Date.UTC(2026, 0, 1);
  const evalMs: number[] = [];
  let storeMs = 0;
  let opened = 0;
  const reasons = JSON.stringify([
    ['vibration_mean_24', 0.21],
    ['error3_count_24', 0.08],
    ['comp2_days_since_replace', 0.04],
  ]);
  const t0 = performance.now();
  for (let d = 0; d < days; d++) {
    const t = start + d * DAY;
    const s0 = performance.now();
    const runId = store.transaction(() => {
      store.db.run(
        `INSERT INTO runs(model_id, request_key, mode, started, finished, status, rows)
         VALUES(1, ?, 'latest', 'x', 'x', 'ok', ?)`,
        [`bench-${d}`, machines],
      );
      const id = Number(store.scalar('SELECT last_insert_rowid()'));
      const ins = store.db.prepare('INSERT INTO results VALUES(?,?,?,?,?,?)');
      const maint = store.db.prepare('INSERT OR IGNORE INTO maint VALUES(?,?,?)');
      const fail = store.db.prepare('INSERT OR IGNORE INTO failures VALUES(?,?,?)');
      for (let m = 1; m <= machines; m++) {
        for (let c = 0; c < comps.length; c++) {
          const k = (m - 1) * comps.length + c;
          if (climb[k] === 0 && rnd() < 0.004) climb[k] = 3 + Math.floor(rnd() * 5);
          if (climb[k] > 0) {
            risk[k] = Math.min(0.95, risk[k] + 0.08 + rnd() * 0.12);
            if (--climb[k] === 0) {
              // The climb ends in a failure (60 %) or a replacement found in time.
              if (rnd() < 0.6) fail.run([m, t + DAY / 2, comps[c]]);
              maint.run([m, t + DAY / 2, comps[c]]);
              risk[k] = 0.02 + rnd() * 0.05;
            }
          } else {
            risk[k] = Math.max(0.005, Math.min(0.4, risk[k] + (rnd() - 0.5) * 0.03));
          }
          ins.run([id, m, t, comps[c], risk[k], risk[k] >= 0.05 ? reasons : '[]']);
        }
      }
      for (const st of [ins, maint, fail]) st.free();
      return id;
    });
    storeMs += performance.now() - s0;
    const e0 = performance.now();
    opened += store.transaction(() => evaluateRun(store, runId, () => clock)).opened.length;
    evalMs.push(performance.now() - e0);
    clock += DAY * 1000;
    // Mondays: accept the open proposals; mark half of last week's accepted ones done.
    if (d % 7 === 0) {
      const acc = listProposals(store, { state: 'accepted' }).map((p) => p.id);
      const half = acc.filter((_, i) => i % 2 === 0);
      if (half.length) setProposalState(store, half, { state: 'done' }, () => clock);
      const open = listProposals(store, { state: 'open' }).map((p) => p.id);
      if (open.length) setProposalState(store, open, { state: 'accepted' }, () => clock);
    }
  }
  const total = (performance.now() - t0) / 1000;
  const all = listProposals(store);
  const accepted = all.filter((p) => p.state === 'accepted');
  const c0 = performance.now();
  const csv = proposalsCsv(accepted);
  const csvMs = performance.now() - c0;
  const c1 = performance.now();
  const csvAll = proposalsCsv(all);
  const csvAllMs = performance.now() - c1;
  const h0 = performance.now();
  const html = workOrderSheetsHtml(accepted, 'bench', '2026-01-01');
  const htmlMs = performance.now() - h0;
  const l0 = performance.now();
  listProposals(store);
  const listMs = performance.now() - l0;
  const byState = (s: string) => all.filter((p) => p.state === s).length;

  console.log(
    `plant: ${machines} machines x ${comps.length} components, ${days} daily runs ` +
      `(${(machines * comps.length * days).toLocaleString('en')} result rows); ${total.toFixed(1)} s in all`,
  );
  console.log(
    `proposals: ${all.length} made (${opened} counted by the runs): ${byState('open')} open, ` +
      `${byState('accepted')} accepted, ${byState('done')} done, ` +
      `${all.filter((p) => p.doneBy === 'replacement').length} closed by a replacement, ` +
      `${all.filter((p) => p.outcome === 'failure').length} preceded a failure`,
  );
  console.log(`storing a run's results (not part of the rules): ${ms(storeMs / days)} per run`);
  console.log(
    `rule evaluation per run: median ${ms(quantile(evalMs, 0.5))}, p95 ${ms(quantile(evalMs, 0.95))}, ` +
      `max ${ms(Math.max(...evalMs))}, last 30 runs median ${ms(quantile(evalMs.slice(-30), 0.5))} (target < 1000 ms)`,
  );
  console.log(
    `export: ${accepted.length} accepted as CSV ${ms(csvMs)} (${(csv.length / 1024).toFixed(0)} KiB), ` +
      `as sheets ${ms(htmlMs)} (${(html.length / 1024).toFixed(0)} KiB); all ${all.length} as CSV ${ms(csvAllMs)} ` +
      `(${(csvAll.length / 1024).toFixed(0)} KiB); listing all ${ms(listMs)}`,
  );
  store.close();
}
