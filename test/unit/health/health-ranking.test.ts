import { describe, expect, it } from 'vitest';
import { importCsv } from '../../../workers/ingest';
import { Store } from '../../../workers/store/store';
import { SimRng } from '../../../workers/simulate/prng';
import { formatEpoch, parseDateArg, DAY } from '../../../workers/shared/time';
import {
  healthRanking,
  COMPONENT_FAILURES_NEEDED,
  FAILURES_NEEDED,
} from '../../../workers/health/health-ranking';
import { healthSeries } from '../../../workers/health/health-series';
import { setPlantSignalMap } from '../../../workers/health/signal-map';
import { saveModel } from '../../../workers/model/model-store';
import { setPlantCadence } from '../../../workers/store/plant-settings';
import { tinyForestBytes } from '../../helpers/tiny-forest';

const START = parseDateArg('2020-01-01');
const DAYS = 40;
const END = START + DAYS * DAY;

async function importText(store: Store, name: string, text: string): Promise<void> {
  const bytes = new TextEncoder().encode(text);
  await importCsv(store, {
    name,
    size: bytes.length,
    chunks: (async function* () {
      yield bytes;
    })(),
  });
}

/**
 * Twelve machines of two types reporting hourly for 40 days, quiet except: machine 7's
 * vibration climbs 6 units (6 sd of a reading) for its last 36 hours; machine 3 raises
 * three error1 alerts in its last 12 hours; machine 9's comp1 has not been replaced for
 * 40 days where every other machine replaces it every 8-12 days; machine 12 stopped
 * reporting 5 days before the end.
 */
async function plant(): Promise<Store> {
  const store = await Store.open(null);
  const rng = new SimRng(11);
  let machines = 'machineID,model,age\n';
  for (let m = 1; m <= 12; m++) machines += `${m},${m <= 6 ? 'typeA' : 'typeB'},5\n`;
  await importText(store, 'machines.csv', machines);
  let tel = 'datetime,machineID,volt,vibration\n';
  let maint = 'datetime,machineID,comp\n';
  let errors = 'datetime,machineID,errorID\n';
  for (let m = 1; m <= 12; m++) {
    const stop = m === 12 ? END - 5 * DAY : END;
    for (let t = START; t < stop; t += 3600) {
      const vib = 40 + rng.normal() + (m === 7 && t >= END - 36 * 3600 ? 6 : 0);
      tel += `${formatEpoch(t)},${m},${(170 + 3 * rng.normal()).toFixed(2)},${vib.toFixed(2)}\n`;
    }
    maint += `${formatEpoch(START - 3 * DAY)},${m},comp2\n`;
    for (let d = 0; d < DAYS; d += 8 + rng.int(5)) {
      if (m !== 9 || d === 0) maint += `${formatEpoch(START + d * DAY)},${m},comp1\n`;
    }
  }
  for (let k = 0; k < 3; k++) errors += `${formatEpoch(END - (10 - k) * 3600)},3,error1\n`;
  errors += `${formatEpoch(START + 5 * DAY)},1,error1\n`;
  errors += `${formatEpoch(START + 9 * DAY)},5,error2\n`;
  await importText(store, 'telemetry.csv', tel);
  await importText(store, 'maint.csv', maint);
  await importText(store, 'errors.csv', errors);
  return store;
}

async function addFailures(store: Store, n: number): Promise<void> {
  let f = 'datetime,machineID,failure\n';
  for (let i = 0; i < n; i++) f += `${formatEpoch(START + (i + 1) * DAY)},${(i % 11) + 1},comp1\n`;
  await importText(store, 'failures.csv', f);
}

describe('health ranking', () => {
  it('puts the drifting, bursting and overdue rows on top, with their reasons', async () => {
    const store = await plant();
    setPlantSignalMap(store, { vibration: 'comp2', error1: 'comp1' });
    const r = healthRanking(store);
    expect(r.signalMap).toEqual({ vibration: 'comp2', error1: 'comp1' });
    // comp1 and comp2 rows (replaced, or mapped) and the whole machine (volt, error2).
    const keys = r.rows.map((x) => `${x.machineId}/${x.component ?? '-'}`);
    expect(new Set(r.rows.map((x) => x.component))).toEqual(new Set(['comp1', 'comp2', null]));
    // Machine 12 has no recent data: left out.
    expect(r.rows.some((x) => x.machineId === '12')).toBe(false);
    expect(r.rows).toHaveLength(11 * 3);
    const top3 = keys.slice(0, 3);
    expect(top3).toEqual(expect.arrayContaining(['7/comp2', '3/comp1', '9/comp1']));
    for (const row of r.rows.slice(0, 3)) expect(row.level).toBe('unusual');
    expect(r.rows.filter((x) => x.level === 'unusual')).toHaveLength(3);

    const drift = r.rows.find((x) => x.machineId === '7' && x.component === 'comp2')!;
    expect(drift.machineType).toBe('typeB');
    // Readings end at 23:00; the observation closing that step is END itself.
    expect(drift.asOf).toBe(END * 1000);
    const own = drift.signals.find((s) => s.basis === 'own')!;
    const peers = drift.signals.find((s) => s.basis === 'peers')!;
    expect(own).toMatchObject({ feature: 'vibration_mean_24', direction: 'high' });
    expect(own.value).toBeGreaterThan(44);
    expect(own.center).toBeCloseTo(40, 0);
    expect(own.z).toBeGreaterThan(4);
    expect(peers).toMatchObject({ feature: 'vibration_mean_24', peerType: 'typeB' });

    const burst = r.rows.find((x) => x.machineId === '3' && x.component === 'comp1')!;
    expect(burst.signals[0]).toMatchObject({
      feature: 'error1_count_24',
      basis: 'own',
      value: 3,
      direction: 'high',
      spread: null,
    });
    const overdue = r.rows.find((x) => x.machineId === '9' && x.component === 'comp1')!;
    expect(overdue.signals[0]).toMatchObject({
      feature: 'comp1_days_since_replace',
      basis: 'replacements',
      direction: 'high',
    });
    expect(overdue.signals[0].value).toBeGreaterThan(35);
    expect(overdue.signals[0].center).toBeGreaterThan(7);
    expect(overdue.signals[0].center).toBeLessThan(13);
    // Most rows are normal and the order is by score.
    expect(r.rows.filter((x) => x.level === 'normal').length).toBeGreaterThan(25);
    for (let i = 1; i < r.rows.length; i++) {
      expect(r.rows[i - 1].score).toBeGreaterThanOrEqual(r.rows[i].score);
    }
  });

  it('without a map, sensors and errors score the machine as a whole', async () => {
    const store = await plant();
    const r = healthRanking(store);
    expect(r.signalMap).toEqual({});
    const drift = r.rows.find((x) => x.machineId === '7' && x.component === null)!;
    expect(drift.level).toBe('unusual');
    expect(drift.signals[0].feature).toBe('vibration_mean_24');
    // comp2 is only replaced, so its rows have only replacements to go by.
    const comp2 = r.rows.find((x) => x.machineId === '7' && x.component === 'comp2')!;
    expect(comp2.signals.every((s) => s.basis === 'replacements')).toBe(true);
  });

  it('ranks at an earlier time: before the drift machine 7 is normal', async () => {
    const store = await plant();
    const r = healthRanking(store, { asOf: (END - 4 * DAY) * 1000 });
    expect(r.asOf).toBe((END - 4 * DAY) * 1000);
    const seven = r.rows.filter((x) => x.machineId === '7');
    expect(seven.every((x) => x.level === 'normal')).toBe(true);
    // Machine 12 still reported then.
    expect(r.rows.some((x) => x.machineId === '12')).toBe(true);
    expect(() => healthRanking(store, { asOf: NaN })).toThrow(RangeError);
  });

  it('never reads the failures: the scores are the same with them', async () => {
    const a = await plant();
    const b = await plant();
    await addFailures(b, 15);
    const sa = healthSeries(a);
    const sb = healthSeries(b);
    expect(sb.score).toEqual(sa.score);
    expect(healthRanking(b).labelledFailures).toBe(15);
  });

  it('opens on health until there are enough failures and a model that scores the plant', async () => {
    const store = await plant();
    let r = healthRanking(store);
    expect(r).toMatchObject({
      labelledFailures: 0,
      failuresNeeded: FAILURES_NEEDED,
      defaultView: 'health',
      defaultReason: 'few-failures',
    });
    expect(r.thinComponents).toEqual([
      { component: 'comp1', failures: 0 },
      { component: 'comp2', failures: 0 },
    ]);
    await addFailures(store, FAILURES_NEEDED);
    r = healthRanking(store);
    // enough failures of comp1; comp2, replaced but never failed, is still too thin
    expect(r.thinComponents).toEqual([{ component: 'comp2', failures: 0 }]);
    expect(r.componentFailuresNeeded).toBe(COMPONENT_FAILURES_NEEDED);
    expect(r).toMatchObject({ defaultView: 'health', defaultReason: 'no-model' });
    saveModel(store, {
      learner: 'forest',
      hyperparameters: { nTrees: 2 },
      featureNames: ['a', 'b'],
      labelNames: ['none', 'comp1'],
      trainFrom: null,
      trainTo: END,
      horizonDays: 7,
      metrics: null,
      note: '',
      bytes: tinyForestBytes(['a', 'b'], ['none', 'comp1']),
    });
    r = healthRanking(store);
    expect(r).toMatchObject({ defaultView: 'risk', defaultReason: 'model-ready' });
    // A model made for another step cannot score the plant.
    setPlantCadence(store, { stepSeconds: DAY, windowSeconds: [DAY, 3 * DAY, 7 * DAY] });
    expect(healthRanking(store).defaultReason).toBe('no-model');
  });

  it('compares a machine missing from the machine list with the whole fleet', async () => {
    const store = await plant();
    const rng = new SimRng(12);
    let tel = 'datetime,machineID,volt,vibration\n';
    for (let t = START; t < END; t += 3600) {
      const volt = 170 + 3 * rng.normal() + (t >= END - 36 * 3600 ? 12 : 0);
      tel += `${formatEpoch(t)},P-13,${volt.toFixed(2)},${(40 + rng.normal()).toFixed(2)}\n`;
    }
    await importText(store, 'telemetry-p13.csv', tel);
    const row = healthRanking(store).rows.find((x) => x.machineId === 'P-13' && !x.component)!;
    expect(row.machineType).toBeNull();
    expect(row.level).toBe('unusual');
    const peers = row.signals.find((s) => s.basis === 'peers')!;
    expect(peers).toMatchObject({ feature: 'volt_mean_24', direction: 'high' });
    expect(peers.peerType).toBeUndefined();
    expect(peers.center).toBeCloseTo(170, 0);
  });

  it('an empty plant has nothing to rank', async () => {
    const store = await Store.open(null);
    const r = healthRanking(store);
    expect(r.asOf).toBeNull();
    expect(r.rows).toEqual([]);
    expect(r.defaultReason).toBe('few-failures');
  });
});
