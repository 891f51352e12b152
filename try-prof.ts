import { writePlantCsv } from './workers/simulate/simulate-node';
import { importPaths } from './workers/ingest/import-node';
import { Store } from './workers/store/store';
import { healthSeries } from './workers/health/health-series';
import { buildFeatures } from './workers/features';
import { mkdtempSync } from 'node:fs';
const MAP = {volt:'comp1', rotate:'comp2', pressure:'comp3', vibration:'comp4', error1:'comp1', error2:'comp2', error3:'comp2', error4:'comp3', error5:'comp4'};
const dir = mkdtempSync('/tmp/hp-');
await writePlantCsv(dir, { machines: 100, days: 365, seed: 7 });
const store = await Store.open(null);
await importPaths(store, [dir]);
let t = performance.now();
buildFeatures(store, {labels:false});
console.log('features', (performance.now()-t).toFixed(0));
for (let i=0;i<2;i++){
t = performance.now();
healthSeries(store, { map: MAP });
console.log('series', (performance.now()-t).toFixed(0), 'ms');}
const c0 = process.cpuUsage();
healthSeries(store, { map: MAP });
const c1 = process.cpuUsage(c0);
console.log('cpu', ((c1.user + c1.system) / 1e6).toFixed(2), 's');
const c2 = process.cpuUsage();
buildFeatures(store, {labels:false});
const c3 = process.cpuUsage(c2);
console.log('features cpu', ((c3.user + c3.system) / 1e6).toFixed(2), 's');
