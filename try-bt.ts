import { simulatedStore } from './test/helpers/sim-plant';
import { healthSeries } from './workers/health/health-series';
import { healthBacktest, falseAlarms } from './workers/health/backtest';
import { failuresBetween } from './workers/store/events-store';
const MAP = {volt:'comp1', rotate:'comp2', pressure:'comp3', vibration:'comp4', error1:'comp1', error2:'comp2', error3:'comp2', error4:'comp3', error5:'comp4'};
const store = await simulatedStore({ machines: 100, days: 120, seed: 7 });
const fails = failuresBetween(store, -1e15, 1e15);
for (const map of [MAP, {}]) {
  let t = performance.now();
  const s = healthSeries(store, { map });
  console.log('series', (performance.now()-t).toFixed(0), 'ms', s.slots);
  console.log(healthBacktest(s, fails), falseAlarms(s));
}
const h = await simulatedStore({ machines: 100, days: 120, seed: 7, healthy: true } as any);
const s = healthSeries(h, { map: MAP });
console.log('healthy', falseAlarms(s), failuresBetween(h, -1e15, 1e15).length);
