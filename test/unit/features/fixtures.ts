/**
 * Test-only plant builders for the feature tests: seeded random plants with the
 * awkward cases the feature code must handle, inserted straight into a Store.
 */
import { Store } from '../../../workers/store/store';
import { civilToEpoch } from '../../../workers/shared/time';
import { createRng as prng } from '../../../workers/forest/rng';
/** Mulberry32, seeded (the generator of workers/forest/rng.ts). */
export { prng };

export interface PlantRows {
  sensors: string[];
  /** [machine, t, ...values (null = missing)] */
  telemetry: (number | null)[][];
  errors: [number, number, string][];
  maint: [number, number, string][];
  failures: [number, number, string][];
  machines: [number, string, number][];
}

/** A fresh in-memory Store holding the rows. */
export async function storeWith(p: PlantRows): Promise<Store> {
  const store = await Store.open(null);
  store.transaction(() => {
    const cols = p.sensors.map((s) => store.ensureSensor(s));
    const insert = (sql: string, rows: unknown[][]) => {
      const st = store.db.prepare(sql);
      for (const r of rows) st.run(r as never);
      st.free();
    };
    insert(
      `INSERT INTO telemetry(machine_id, t${cols.map((c) => ', ' + c).join('')}) VALUES(?, ?${cols.map(() => ', ?').join('')})`,
      p.telemetry,
    );
    insert('INSERT INTO errors(machine_id, t, error_id) VALUES(?, ?, ?)', p.errors);
    insert('INSERT INTO maint(machine_id, t, comp) VALUES(?, ?, ?)', p.maint);
    insert('INSERT INTO failures(machine_id, t, failure) VALUES(?, ?, ?)', p.failures);
    insert('INSERT INTO machines(machine_id, model, age) VALUES(?, ?, ?)', p.machines);
    // Whole-number ids: each key's text is its number (as Store.ensureMachine gives).
    store.db.run(
      `INSERT OR IGNORE INTO machine_names(machine_id, name)
       SELECT machine_id, CAST(machine_id AS TEXT) FROM (SELECT machine_id FROM telemetry
         UNION SELECT machine_id FROM machines UNION SELECT machine_id FROM errors
         UNION SELECT machine_id FROM maint UNION SELECT machine_id FROM failures)`,
    );
  });
  return store;
}

const H = 3600;
export const BASE = civilToEpoch(2015, 1, 1);

/**
 * A random small plant: irregular telemetry with gaps (including 13-40 h gaps and
 * lone readings), occasional missing values, machines without errors or maintenance,
 * failures on 12 h boundaries (so T+H and T coincide with failures), simultaneous
 * failures of several components, and a machine missing from the machine list.
 */
export function randomPlant(seed: number, machines = 4, days = 12): PlantRows {
  const rnd = prng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(rnd() * a.length)];
  const sensors = ['volt', 'rotate', 'temp'];
  const comps = ['comp1', 'comp2', 'comp3'];
  const p: PlantRows = {
    sensors,
    telemetry: [],
    errors: [],
    maint: [],
    failures: [],
    machines: [],
  };
  for (let m = 1; m <= machines; m++) {
    let t = BASE + Math.floor(rnd() * 30) * H + (rnd() < 0.3 ? Math.floor(rnd() * 3600) : 0);
    const end = BASE + days * 24 * H;
    while (t < end) {
      p.telemetry.push([
        m,
        t,
        rnd() < 0.05 ? null : 150 + rnd() * 40,
        rnd() < 0.05 ? null : 400 + rnd() * 100,
        rnd() < 0.05 ? null : 1e6 + rnd() * 0.01,
      ]);
      const g = rnd();
      t +=
        g < 0.75
          ? H
          : g < 0.85
            ? Math.floor(rnd() * 3 * H) + 1
            : g < 0.95
              ? 13 * H + Math.floor(rnd() * 30 * H)
              : 12 * H;
    }
    const quiet = m === 2; // no errors, no maintenance, no failures
    if (!quiet) {
      for (let k = 0; k < 10; k++) {
        const te = BASE + Math.floor(rnd() * days * 24) * H;
        p.errors.push([m, te, pick(['error1', 'error2', 'error3'])]);
      }
      for (let k = 0; k < 4; k++) {
        p.maint.push([m, BASE - 200 * H + Math.floor(rnd() * (days * 24 + 200)) * H, pick(comps)]);
      }
      for (let k = 0; k < 3; k++) {
        const tf = BASE + Math.floor(rnd() * days * 2) * 12 * H + (rnd() < 0.5 ? 0 : 6 * H);
        const n = rnd() < 0.3 ? 2 : 1;
        const cs = [...comps].sort(() => rnd() - 0.5).slice(0, n);
        for (const c of cs) p.failures.push([m, tf, c]);
      }
    }
    if (m !== machines || machines < 3)
      p.machines.push([m, pick(['modelA', 'modelB']), 1 + Math.floor(rnd() * 20)]);
  }
  // Deduplicate event keys (the tables have primary keys).
  const dedupe = <T extends unknown[]>(rows: T[]) => [
    ...new Map(rows.map((r) => [r.join('|'), r])).values(),
  ];
  p.errors = dedupe(p.errors);
  p.maint = dedupe(p.maint);
  p.failures = dedupe(p.failures);
  return p;
}
