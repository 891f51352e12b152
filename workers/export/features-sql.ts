/**
 * features.sql of the export bundle: one SQL text that computes the features and
 * labels of docs/FEATURES.md over the bundle's tables, and runs unchanged on Spark
 * SQL, DuckDB and SQLite. Only what the three share is used:
 * - times are an integer epoch column in milliseconds (`epoch_ms`, plant wall time
 *   read as UTC), so grid ceilings are exact integer arithmetic with `%` (the three
 *   agree on `%` for integers; they disagree on integer `/`, CAST rounding and date
 *   functions);
 * - windows are numeric `RANGE BETWEEN n PRECEDING AND CURRENT ROW` frames over that
 *   column (SQLite has no `RANGE ... INTERVAL`): a window (T-W, T] is W-1 ms back;
 * - rolling means and sample standard deviations come from per-block counts, sums of
 *   x and sums of x² (blocks of gcd(step, windows), so windows that are not multiples
 *   of the step are exact too), with each value shifted by its machine's minimum so a
 *   constant sensor gives exactly 0 and cancellation stays small;
 * - CASE instead of GREATEST, CAST(... AS DOUBLE) before every division, plain
 *   identifiers (no quotes or backticks), and ORDER BY machine order, id, time.
 * Window frames see the rows of the observation times themselves (a union of the data
 * rows and one marker row per observation), because with blocks shorter than the step
 * the newest block of an observation may end before it.
 */
import { blockSeconds, type Cadence } from '../shared/cadence';
import type { PlantSchema } from '../features/schema';
import { featureNamesFor } from '../features/schema';

/** Column and table names of the bundle (FEATURES.md names mapped to plain identifiers). */
export interface BundleColumns {
  /** Telemetry column per sensor, in the schema's order. */
  sensors: string[];
  /** Output column per feature, in featureNamesFor order. */
  features: string[];
}

/** What a SQL text may hold as a literal: no quote or backslash (Spark reads both apart from SQLite). */
function literal(value: string, what: string): string {
  // eslint-disable-next-line no-control-regex
  if (/['\\\u0000-\u001f]/.test(value)) {
    throw new RangeError(
      `the ${what} '${value}' holds a quote, backslash or control character, which ` +
        'Spark SQL and SQLite read differently; rename it in the exports and import again',
    );
  }
  return `'${value}'`;
}

const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Words the three SQL systems reserve (the ones a feature or sensor name could plausibly be). */
const RESERVED = new Set(
  `all and any as asc between by case cast check collate column constraint create cross current
  default delete desc distinct drop else end escape except exists false fetch filter following for
  foreign from full group having if in inner insert intersect interval into is join lateral left like
  limit natural not null of offset on or order outer over partition preceding primary qualify range
  references right row rows select set table then to true union unique unbounded update using values
  when where window with`.split(/\s+/),
);
/** Names the bundle's tables and features.sql use for their own columns. */
const TAKEN = ['machine_id', 'machineID', 'epoch_ms', 'site', 'label', 'machine_order'];

/**
 * A plain identifier for each name: the name itself when it is one (and not reserved
 * or taken), else `<prefix><position>` (made unique). Compared without case, as the
 * systems compare identifiers.
 */
export function plainNames(names: string[], prefix: string): string[] {
  const used = new Set(TAKEN.map((n) => n.toLowerCase()));
  const out: string[] = [];
  names.forEach((n, i) => {
    let id = PLAIN.test(n) && !RESERVED.has(n.toLowerCase()) ? n : `${prefix}${i + 1}`;
    while (used.has(id.toLowerCase())) id += '_';
    used.add(id.toLowerCase());
    out.push(id);
  });
  return out;
}

/** The bundle's column names for a plant schema and cadence. */
export function bundleColumns(schema: PlantSchema, cadence: Cadence): BundleColumns {
  return {
    sensors: plainNames(
      schema.sensors.map((s) => s.name),
      'sensor_',
    ),
    features: plainNames(featureNamesFor(schema, cadence), 'feature_'),
  };
}

export interface FeaturesSqlOptions {
  schema: PlantSchema;
  cadence: Cadence;
  columns: BundleColumns;
  /** First observation time (seconds, inclusive); none: from the first. */
  from?: number;
  /** Last observation time (seconds, inclusive); none: up to the last. */
  to?: number;
  /** The header comment (plant, time of export). */
  title: string;
}

/** `x` rounded up to a multiple of `m` (ms, integers), exact for either sign. */
const ceilTo = (x: string, m: number) =>
  `(${x} - (${x} % ${m}) + CASE WHEN ${x} % ${m} > 0 THEN ${m} ELSE 0 END)`;

const frame = (back: string) =>
  `OVER (PARTITION BY machine_id ORDER BY t RANGE BETWEEN ${back} AND CURRENT ROW)`;

/** The SQL text; throws RangeError when a name cannot be written portably. */
export function featuresSql(o: FeaturesSqlOptions): string {
  const { schema, cadence, columns } = o;
  const MS = 1000;
  const G = blockSeconds(cadence) * MS;
  const S = cadence.stepSeconds * MS;
  const E = cadence.eventWindowSeconds * MS;
  const H = cadence.horizonSeconds * MS;
  const nS = schema.sensors.length;
  const sens = columns.sensors;
  const feat = columns.features;
  const errLits = schema.errorTypes.map((e) => literal(e, 'error type'));
  const compLits = schema.components.map((c) => literal(c, 'component'));
  const modelLits = schema.models.map((m) => literal(m, 'machine model'));
  const idx = (n: number) => Array.from({ length: n }, (_, i) => i + 1);
  const list = (parts: string[], indent = '    ') => parts.map((p) => indent + p).join(',\n');
  const ctes: string[] = [];

  const obsWhere = [
    o.from === undefined ? null : `t >= ${Math.ceil(o.from * MS)}`,
    o.to === undefined ? null : `t <= ${Math.floor(o.to * MS)}`,
  ].filter((x) => x !== null);

  // Readings shifted by their machine's minimum, summed per block.
  const shiftCols = idx(nS).map((i) => `MIN(${sens[i - 1]}) AS c${i}`);
  ctes.push(
    `sensor_min AS (\n  SELECT machine_id${nS ? ',\n' + list(shiftCols) : ''}\n  FROM telemetry\n  GROUP BY machine_id\n)`,
  );
  const shifted = idx(nS).map((i) => `r.${sens[i - 1]} - s.c${i} AS v${i}`);
  const sums = idx(nS).flatMap((i) => [
    `COUNT(v${i}) AS n${i}`,
    `SUM(v${i}) AS x${i}`,
    `SUM(v${i} * v${i}) AS q${i}`,
  ]);
  ctes.push(
    'blocks AS (\n' +
      `  SELECT machine_id, b${sums.length ? ',\n' + list(sums) : ''}\n` +
      '  FROM (\n' +
      `    SELECT r.machine_id, ${ceilTo('r.epoch_ms', G)} AS b${shifted.length ? ',\n' + list(shifted, '      ') : ''}\n` +
      '    FROM telemetry r JOIN sensor_min s ON s.machine_id = r.machine_id\n' +
      '  ) d\n' +
      '  GROUP BY machine_id, b\n)',
  );
  ctes.push(
    'obs AS (\n' +
      '  SELECT DISTINCT machine_id, t FROM (\n' +
      `    SELECT machine_id, ${ceilTo('b', S)} AS t FROM blocks\n  ) g` +
      (obsWhere.length ? `\n  WHERE ${obsWhere.join(' AND ')}` : '') +
      '\n)',
  );

  // Rolling windows: block rows and observation markers on one time line.
  const zeros = idx(nS).flatMap((i) => [`0 AS n${i}`, `0.0 AS x${i}`, `0.0 AS q${i}`]);
  const blockCols = idx(nS).flatMap((i) => [`n${i}`, `x${i}`, `q${i}`]);
  ctes.push(
    'sens_line AS (\n' +
      `  SELECT machine_id, b AS t, 0 AS o${blockCols.length ? ', ' + blockCols.join(', ') : ''} FROM blocks\n` +
      '  UNION ALL\n' +
      `  SELECT machine_id, t, 1 AS o${zeros.length ? ', ' + zeros.join(', ') : ''} FROM obs\n)`,
  );
  const winCols: string[] = [];
  const sensOut: string[] = [];
  cadence.windowSeconds.forEach((w, wi) => {
    const back = `${w * MS - 1} PRECEDING`;
    for (let i = 1; i <= nS; i++) {
      const k = `${i}_${wi + 1}`;
      winCols.push(
        `SUM(n${i}) ${frame(back)} AS n${k}`,
        `SUM(x${i}) ${frame(back)} AS x${k}`,
        `SUM(q${i}) ${frame(back)} AS q${k}`,
      );
      const n = `CAST(w.n${k} AS DOUBLE)`;
      const v = `(w.q${k} - w.x${k} * w.x${k} / ${n}) / (${n} - 1)`;
      const col = wi * 2 * nS + 2 * (i - 1);
      sensOut.push(
        `CASE WHEN w.n${k} > 0 THEN sh.c${i} + w.x${k} / ${n} END AS ${feat[col]}`,
        `CASE WHEN w.n${k} > 1 THEN SQRT(CASE WHEN ${v} > 0 THEN ${v} ELSE 0.0 END) ` +
          `WHEN w.n${k} = 1 THEN 0.0 END AS ${feat[col + 1]}`,
      );
    }
  });
  ctes.push(
    'sens_win AS (\n' +
      `  SELECT machine_id, t, o${winCols.length ? ',\n' + list(winCols) : ''}\n` +
      '  FROM sens_line\n)',
  );

  let f = cadence.windowSeconds.length * 2 * nS;
  const errOut: string[] = [];
  if (errLits.length) {
    const ind = errLits.map((l, j) => `CASE WHEN error_id = ${l} THEN 1 ELSE 0 END AS e${j + 1}`);
    ctes.push(
      'err_line AS (\n' +
        `  SELECT machine_id, epoch_ms AS t, 0 AS o,\n${list(ind)}\n  FROM errors\n` +
        '  UNION ALL\n' +
        `  SELECT machine_id, t, 1 AS o, ${errLits.map((_, j) => `0 AS e${j + 1}`).join(', ')} FROM obs\n)`,
    );
    const sumsE = errLits.map(
      (_, j) => `SUM(e${j + 1}) ${frame(`${E - 1} PRECEDING`)} AS e${j + 1}`,
    );
    ctes.push('err_win AS (\n' + `  SELECT machine_id, t, o,\n${list(sumsE)}\n  FROM err_line\n)`);
    errLits.forEach((_, j) => errOut.push(`ew.e${j + 1} AS ${feat[f++]}`));
  }

  const compOut: string[] = [];
  if (compLits.length) {
    const last = compLits.map((l, j) => `CASE WHEN comp = ${l} THEN epoch_ms END AS m${j + 1}`);
    ctes.push(
      'rep_line AS (\n' +
        `  SELECT machine_id, epoch_ms AS t, 0 AS o,\n${list(last)}\n  FROM maintenance\n` +
        '  UNION ALL\n' +
        `  SELECT machine_id, t, 1 AS o, ${compLits.map((_, j) => `CAST(NULL AS BIGINT) AS m${j + 1}`).join(', ')} FROM obs\n)`,
    );
    const maxes = compLits.map(
      (_, j) => `MAX(m${j + 1}) ${frame('UNBOUNDED PRECEDING')} AS m${j + 1}`,
    );
    ctes.push('rep_win AS (\n' + `  SELECT machine_id, t, o,\n${list(maxes)}\n  FROM rep_line\n)`);
    compLits.forEach((_, j) =>
      compOut.push(
        `CASE WHEN rw.m${j + 1} IS NULL THEN -1.0 ` +
          `ELSE CAST(rw.t - rw.m${j + 1} AS DOUBLE) / 86400000.0 END AS ${feat[f++]}`,
      ),
    );
    // Labels: the earliest failure in (T, T + H]; of several at that time, the first by name.
    ctes.push(
      'fail_line AS (\n' +
        '  SELECT machine_id, epoch_ms AS t, 0 AS o, epoch_ms AS f FROM failures\n' +
        '  UNION ALL\n' +
        '  SELECT machine_id, t, 1 AS o, CAST(NULL AS BIGINT) AS f FROM obs\n)',
    );
    ctes.push(
      'fail_next AS (\n' +
        '  SELECT machine_id, t, o,\n' +
        `    MIN(f) OVER (PARTITION BY machine_id ORDER BY t RANGE BETWEEN 1 FOLLOWING AND ${H} FOLLOWING) AS f\n` +
        '  FROM fail_line\n)',
    );
    const rank = `CASE fl.failure ${compLits.map((l, j) => `WHEN ${l} THEN ${j + 1}`).join(' ')} END`;
    ctes.push(
      'labels AS (\n' +
        `  SELECT fn.machine_id, fn.t, MIN(${rank}) AS r\n` +
        '  FROM fail_next fn\n' +
        '  LEFT JOIN failures fl ON fl.machine_id = fn.machine_id AND fl.epoch_ms = fn.f\n' +
        '  WHERE fn.o = 1\n' +
        '  GROUP BY fn.machine_id, fn.t\n)',
    );
  }
  const label = compLits.length
    ? `CASE lb.r ${compLits.map((l, j) => `WHEN ${j + 1} THEN ${l}`).join(' ')} ELSE 'none' END AS label`
    : "'none' AS label";

  const machineOut = [
    `CASE WHEN m.age IS NULL THEN -1.0 ELSE CAST(m.age AS DOUBLE) END AS ${feat[f++]}`,
    ...modelLits.map((l) => `CASE WHEN m.model = ${l} THEN 1 ELSE 0 END AS ${feat[f++]}`),
  ];

  const joins = [
    '  JOIN sensor_min sh ON sh.machine_id = w.machine_id',
    errLits.length
      ? '  JOIN err_win ew ON ew.machine_id = w.machine_id AND ew.t = w.t AND ew.o = 1'
      : '',
    compLits.length
      ? '  JOIN rep_win rw ON rw.machine_id = w.machine_id AND rw.t = w.t AND rw.o = 1\n' +
        '  JOIN labels lb ON lb.machine_id = w.machine_id AND lb.t = w.t'
      : '',
    '  LEFT JOIN machines m ON m.machine_id = w.machine_id',
  ].filter((j) => j !== '');

  const select = [
    'w.machine_id AS machineID',
    'w.t AS epoch_ms',
    ...sensOut,
    ...errOut,
    ...compOut,
    ...machineOut,
    label,
  ];
  return (
    `-- ${o.title}\n` +
    '-- Features and labels of the Plant PdM feature contract (docs/FEATURES.md) over the\n' +
    '-- bundle tables machines, telemetry, errors, maintenance and failures. Runs unchanged\n' +
    '-- on Spark SQL, DuckDB and SQLite. epoch_ms: observation time, ms since 1970 of plant\n' +
    '-- wall time read as UTC. Feature order and names: the features list of manifest.json.\n' +
    `WITH\n${ctes.join(',\n')}\n` +
    `SELECT\n${list(select, '  ')}\n` +
    'FROM sens_win w\n' +
    `${joins.join('\n')}\n` +
    'WHERE w.o = 1\n' +
    'ORDER BY m.machine_order, w.machine_id, w.t\n'
  );
}
