/**
 * `npm run sim:compare [-- --seed S]`: prints, as a Markdown table, how the plant
 * simulator compares with the real sample (in the project's shared folder, see
 * docs/ARCHITECTURE.md, Tests): sensor means
 * and spreads, failures and errors per machine-year, maintenance per machine-year,
 * and failure signatures (mean of the component's sensor in the 24 h before its
 * failures minus the overall mean). The figures go in the README.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { PLANT_FILE_NAMES, simulatePlantInMemory } from '../workers/simulate/simulate-plant';
import { plantStats, type PlantStats } from '../workers/simulate/plant-stats';
import { COMPONENTS, ERROR_TYPES, SENSORS, SIGNATURE } from '../workers/simulate/plant-model';

/** Rates of the whole original data set (100 machines, 2015): 761 failures, 3919 errors. */
const ORIGINAL: Record<string, number> = {
  comp1: 192 / 100,
  comp2: 259 / 100,
  comp3: 131 / 100,
  comp4: 179 / 100,
  error1: 1010 / 100,
  error2: 988 / 100,
  error3: 838 / 100,
  error4: 727 / 100,
  error5: 356 / 100,
};

const { values } = parseArgs({ options: { seed: { type: 'string', default: '1' } } });
const seed = Number(values.seed);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const sampleDir =
  process.env.PDM_SHARED_DIR !== undefined
    ? join(process.env.PDM_SHARED_DIR, 'data', 'pdm-sample')
    : join(root, '..', 'shared', 'data', 'pdm-sample');

let sample: PlantStats | null = null;
if (existsSync(join(sampleDir, PLANT_FILE_NAMES.telemetry))) {
  const read = (k: keyof typeof PLANT_FILE_NAMES) =>
    readFileSync(join(sampleDir, PLANT_FILE_NAMES[k]), 'utf8');
  sample = plantStats({
    telemetry: read('telemetry'),
    errors: read('errors'),
    maint: read('maint'),
    failures: read('failures'),
    machines: read('machines'),
  });
} else {
  console.error(`sample not found at ${sampleDir}; printing the simulation only`);
}
const small = plantStats(await simulatePlantInMemory({ machines: 10, days: 90, seed }));
const big = plantStats(await simulatePlantInMemory({ machines: 100, days: 365, seed }));

const f = (x: number | undefined, d = 2) =>
  x === undefined || Number.isNaN(x) ? '–' : x.toFixed(d).replace(/^-/, '−');
const withCount = (rate: number, count: number) => `${f(rate)} (${count})`;
const rows: string[][] = [];
for (const s of SENSORS) {
  rows.push([
    `${s} mean`,
    f(sample?.sensorMean[s]),
    f(small.sensorMean[s]),
    f(big.sensorMean[s]),
    '',
  ]);
  rows.push([`${s} sd`, f(sample?.sensorSd[s]), f(small.sensorSd[s]), f(big.sensorSd[s]), '']);
}
const total = (st: PlantStats | null, key: 'failureCount' | 'errorCount') =>
  st ? Object.values(st[key]).reduce((a, b) => a + b, 0) : NaN;
for (const c of COMPONENTS) {
  const cell = (st: PlantStats | null) =>
    st ? withCount(st.failuresPerMachineYear[c], st.failureCount[c]) : '–';
  rows.push([`${c} failures / machine-year`, cell(sample), cell(small), cell(big), f(ORIGINAL[c])]);
}
rows.push([
  'all failures / machine-year',
  sample
    ? withCount(total(sample, 'failureCount') / sample.machineYears, total(sample, 'failureCount'))
    : '–',
  withCount(total(small, 'failureCount') / small.machineYears, total(small, 'failureCount')),
  withCount(total(big, 'failureCount') / big.machineYears, total(big, 'failureCount')),
  '7.61 (761)',
]);
for (const e of ERROR_TYPES) {
  const cell = (st: PlantStats | null) =>
    st ? withCount(st.errorsPerMachineYear[e], st.errorCount[e]) : '–';
  rows.push([`${e} / machine-year`, cell(sample), cell(small), cell(big), f(ORIGINAL[e])]);
}
rows.push([
  'maintenance records / machine-year',
  f(sample?.maintPerMachineYear),
  f(small.maintPerMachineYear),
  f(big.maintPerMachineYear),
  '',
]);
for (const c of COMPONENTS) {
  const s = SIGNATURE[c].sensor;
  rows.push([
    `${c} signature: ${s}, 24 h before − mean`,
    f(sample?.ownSignature[c]),
    f(small.ownSignature[c]),
    f(big.ownSignature[c]),
    '',
  ]);
}

const header = [
  'statistic',
  'sample (10 machines × 90 d)',
  `simulated 10 × 90 d (seed ${seed})`,
  `simulated 100 × 365 d (seed ${seed})`,
  'original data set (100 × 365 d)',
];
const out = [
  `| ${header.join(' | ')} |`,
  `|${header.map((_, i) => (i ? ' ---: ' : ' --- ')).join('|')}|`,
  ...rows.map((r) => `| ${r.join(' | ')} |`),
];
console.log(out.join('\n'));
console.log(
  '\nRates are per machine-year of telemetry, with counts in brackets; a signature is the mean of the ' +
    "component's own sensor over the 24 h before its failures minus the overall mean (– where there was no such failure).",
);
