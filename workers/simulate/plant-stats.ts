/**
 * Summary statistics of a plant's CSV exports (the sample or a simulation), used to
 * check the simulator against the real data: sensor means and spreads, event rates
 * per machine-year and failure signatures. Reads only the simple, well-formed format
 * the sample and the simulator write (comma separated, `YYYY-MM-DD HH:MM:SS`); it is
 * not an importer.
 */
import { COMPONENTS, ERROR_TYPES, SENSORS, SIGNATURE } from './plant-model';

export interface PlantCsvTexts {
  telemetry: string;
  errors: string;
  maint: string;
  failures: string;
  machines: string;
}

export interface PlantStats {
  machines: number;
  telemetryRows: number;
  /** Machine-years of telemetry (rows / 8760). */
  machineYears: number;
  sensorMean: Record<string, number>;
  sensorSd: Record<string, number>;
  /** Per component, inside the telemetry window. */
  failuresPerMachineYear: Record<string, number>;
  failureCount: Record<string, number>;
  /** Per error type. */
  errorsPerMachineYear: Record<string, number>;
  errorCount: Record<string, number>;
  /** Maintenance records inside the telemetry window (history before it excluded). */
  maintPerMachineYear: number;
  /**
   * Per component: mean of each sensor over the `windowHours` before its failures
   * minus the overall mean (NaN when the component never failed).
   */
  signature: Record<string, Record<string, number>>;
  /** The component's own sensor's signature (SIGNATURE mapping), for the table. */
  ownSignature: Record<string, number>;
}

/** `YYYY-MM-DD HH:MM:SS` to epoch seconds (as UTC); NaN if it does not fit. */
export function parseStamp(s: string): number {
  if (s.length < 19) return NaN;
  return (
    Date.UTC(
      +s.slice(0, 4),
      +s.slice(5, 7) - 1,
      +s.slice(8, 10),
      +s.slice(11, 13),
      +s.slice(14, 16),
      +s.slice(17, 19),
    ) / 1000
  );
}

function* lines(text: string): Generator<string> {
  let i = text.indexOf('\n') + 1; // skip header
  while (i < text.length) {
    let j = text.indexOf('\n', i);
    if (j < 0) j = text.length;
    const line = text.charCodeAt(j - 1) === 13 ? text.slice(i, j - 1) : text.slice(i, j);
    if (line) yield line;
    i = j + 1;
  }
}

interface Series {
  t: number[];
  v: number[][];
}

/** Computes PlantStats; `windowHours` is the signature window before each failure (default 24). */
export function plantStats(files: PlantCsvTexts, windowHours = 24): PlantStats {
  const bySeries = new Map<number, Series>();
  const sum = SENSORS.map(() => 0);
  const sumSq = SENSORS.map(() => 0);
  let n = 0;
  let tMin = Infinity;
  let tMax = -Infinity;
  for (const line of lines(files.telemetry)) {
    const f = line.split(',');
    const id = +f[1];
    const t = parseStamp(f[0]);
    let s = bySeries.get(id);
    if (!s) bySeries.set(id, (s = { t: [], v: SENSORS.map(() => []) }));
    s.t.push(t);
    for (let k = 0; k < SENSORS.length; k++) {
      const x = +f[2 + k];
      s.v[k].push(x);
      sum[k] += x;
      sumSq[k] += x * x;
    }
    n++;
    if (t < tMin) tMin = t;
    if (t > tMax) tMax = t;
  }
  const machineYears = n / 8760;
  const sensorMean: Record<string, number> = {};
  const sensorSd: Record<string, number> = {};
  SENSORS.forEach((s, k) => {
    sensorMean[s] = sum[k] / n;
    sensorSd[s] = Math.sqrt((sumSq[k] - (sum[k] * sum[k]) / n) / (n - 1));
  });

  const inWindow = (t: number) => t >= tMin && t <= tMax + 3599;
  const countEvents = (text: string, names: readonly string[]) => {
    const c: Record<string, number> = Object.fromEntries(names.map((x) => [x, 0]));
    const list: { id: number; t: number; kind: string }[] = [];
    for (const line of lines(text)) {
      const f = line.split(',');
      const t = parseStamp(f[0]);
      if (!inWindow(t)) continue;
      c[f[2]] = (c[f[2]] ?? 0) + 1;
      list.push({ id: +f[1], t, kind: f[2] });
    }
    return { c, list };
  };
  const fails = countEvents(files.failures, COMPONENTS);
  const errs = countEvents(files.errors, ERROR_TYPES);
  const maint = countEvents(files.maint, COMPONENTS);
  const perMy = (c: Record<string, number>) =>
    Object.fromEntries(Object.entries(c).map(([k, v]) => [k, v / machineYears]));

  const signature: Record<string, Record<string, number>> = {};
  const ownSignature: Record<string, number> = {};
  for (const comp of COMPONENTS) {
    const acc = SENSORS.map(() => 0);
    let rows = 0;
    for (const e of fails.list) {
      if (e.kind !== comp) continue;
      const s = bySeries.get(e.id);
      if (!s) continue;
      for (let i = lowerBound(s.t, e.t - windowHours * 3600); i < s.t.length && s.t[i] < e.t; i++) {
        for (let k = 0; k < SENSORS.length; k++) acc[k] += s.v[k][i];
        rows++;
      }
    }
    signature[comp] = Object.fromEntries(
      SENSORS.map((s, k) => [s, rows ? acc[k] / rows - sensorMean[s] : NaN]),
    );
    ownSignature[comp] = signature[comp][SIGNATURE[comp].sensor];
  }

  return {
    machines: bySeries.size,
    telemetryRows: n,
    machineYears,
    sensorMean,
    sensorSd,
    failuresPerMachineYear: perMy(fails.c),
    failureCount: fails.c,
    errorsPerMachineYear: perMy(errs.c),
    errorCount: errs.c,
    maintPerMachineYear: maint.list.length / machineYears,
    signature,
    ownSignature,
  };
}

function lowerBound(a: number[], x: number): number {
  let lo = 0;
  let hi = a.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
