/**
 * The bundle's job/ folder and README: a scheduled two-task Databricks job (Jobs API
 * 2.1 JSON) that runs features.sql on Spark over the bundle's tables, then scores the
 * features with model.onnx through ONNX Runtime in a pandas UDF (mapInPandas), and
 * writes the risk table that `pdm import-results` reads back.
 */
import { describeCadence, type Cadence } from '../shared/cadence';

/** Columns of the risk table a scoring run elsewhere writes (and import-results reads). */
export const RESULT_COLUMNS = [
  { name: 'machine_id', type: 'string', about: 'machine id as in the bundle tables' },
  {
    name: 'component',
    type: 'string',
    about: 'a class of manifest.json "classes" other than none',
  },
  {
    name: 'probability',
    type: 'double',
    about: 'risk of that component failing within the horizon, 0..1',
  },
  {
    name: 'data_as_of',
    type: 'bigint',
    about:
      'observation time scored: epoch ms of plant wall time (as epoch_ms), a timestamp, ' +
      "or text 'YYYY-MM-DD HH:MM:SS'",
  },
  { name: 'run_label', type: 'string', about: 'names the run, e.g. the job run date' },
] as const;

/** A folder name for the site in example paths (letters, digits, - and _). */
function slug(site: string): string {
  return site.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'plant';
}

const FEATURES_PY = `"""Task 1 of the Plant PdM job: features.sql over the bundle's Parquet tables.

Usage: features.py BUNDLE_DIR
Reads BUNDLE_DIR/manifest.json, registers each table of "tables" as a view and runs
features.sql unchanged; writes BUNDLE_DIR/out/features.parquet.
"""
import json
import sys

from pyspark.sql import SparkSession

bundle = sys.argv[1].rstrip("/")
spark = SparkSession.builder.getOrCreate()
with open(f"{bundle}/manifest.json", encoding="utf-8") as f:
    manifest = json.load(f)
for name, table in manifest["tables"].items():
    spark.read.parquet(f"{bundle}/{table['file']}").createOrReplaceTempView(name)
with open(f"{bundle}/{manifest['featuresSql']}", encoding="utf-8") as f:
    sql = f.read()
spark.sql(sql).write.mode("overwrite").parquet(f"{bundle}/out/features.parquet")
`;

const SCORE_PY = `"""Task 2 of the Plant PdM job: scores each machine's latest observation with model.onnx.

Usage: score.py BUNDLE_DIR RUN_LABEL
ONNX Runtime runs inside a pandas UDF (mapInPandas) on the workers. Writes the risk
table BUNDLE_DIR/out/risks.parquet (one part file): machine_id, component,
probability, data_as_of (epoch ms of plant wall time), run_label. Bring it back with
  pdm import-results --db PLANT.sqlite risks.parquet
"""
import json
import sys

import numpy as np
from pyspark.sql import SparkSession, Window
from pyspark.sql import functions as F

bundle, run_label = sys.argv[1].rstrip("/"), sys.argv[2]
spark = SparkSession.builder.getOrCreate()
with open(f"{bundle}/manifest.json", encoding="utf-8") as f:
    manifest = json.load(f)
model = manifest.get("model")
if not model:
    sys.exit("the bundle has no model.onnx: export it again with a model (README.md)")
columns = model["columns"]
classes = model["classes"]
none = manifest["noFailureClass"]
# model.onnx gives the forest's probabilities; the model's calibration maps them to risks.
calibration = model.get("calibration") or {}
with open(f"{bundle}/{model['file']}", "rb") as f:
    model_bytes = f.read()

features = spark.read.parquet(f"{bundle}/out/features.parquet")
latest = (
    features.withColumn("last", F.max("epoch_ms").over(Window.partitionBy("machineID")))
    .where(F.col("epoch_ms") == F.col("last"))
    .select("machineID", "epoch_ms", *columns)
)


def probabilities(outputs, rows):
    """The class-probability output: an N x k tensor, or ONNX-ML's list of maps."""
    for out in outputs:
        if isinstance(out, np.ndarray) and out.ndim == 2 and out.shape == (rows, len(classes)):
            return out.astype(np.float64)
        if isinstance(out, list) and len(out) == rows and out and isinstance(out[0], dict):
            return np.array([[row[c] for c in (classes if classes[0] in row else range(len(classes)))] for row in out])
    raise ValueError("model.onnx has no output of class probabilities")


def score(batches):
    import onnxruntime as ort
    import pandas as pd

    session = ort.InferenceSession(model_bytes)
    inp = session.get_inputs()[0]
    dtype = np.float64 if inp.type == "tensor(double)" else np.float32
    for pdf in batches:
        if len(pdf) == 0:
            continue
        x = pdf[columns].to_numpy(dtype=dtype, na_value=np.nan)
        proba = probabilities(session.run(None, {inp.name: x}), len(pdf))
        parts = []
        for k, c in enumerate(classes):
            if c == none:
                continue
            risk = proba[:, k]
            if c in calibration:
                risk = np.interp(risk, calibration[c]["x"], calibration[c]["y"])
            parts.append(pd.DataFrame({
                "machine_id": pdf["machineID"].astype(str),
                "component": c,
                "probability": risk,
                "data_as_of": pdf["epoch_ms"].astype("int64"),
                "run_label": run_label,
            }))
        yield pd.concat(parts)


schema = "machine_id string, component string, probability double, data_as_of bigint, run_label string"
risks = latest.mapInPandas(score, schema).orderBy(F.desc("probability"), "machine_id", "component")
risks.coalesce(1).write.mode("overwrite").parquet(f"{bundle}/out/risks.parquet")
`;

/** job/job.json, job/features.py and job/score.py. */
export function jobFiles(o: { site: string; zone: string; hasModel: boolean }): [string, string][] {
  const dir = `/Volumes/main/pdm/bundles/${slug(o.site)}`;
  const job = {
    name: `Plant PdM features and scoring: ${o.site}`,
    description:
      'features.sql over the bundle tables, then model.onnx with ONNX Runtime; ' +
      'writes out/risks.parquet for pdm import-results. Edit the bundle path to where you ' +
      'uploaded the bundle.',
    schedule: {
      quartz_cron_expression: '0 0 6 * * ?',
      timezone_id: o.zone,
      pause_status: 'UNPAUSED',
    },
    max_concurrent_runs: 1,
    parameters: [
      { name: 'bundle', default: dir },
      { name: 'run_label', default: '{{job.start_time.iso_date}}' },
    ],
    job_clusters: [
      {
        job_cluster_key: 'pdm',
        new_cluster: {
          spark_version: '15.4.x-scala2.12',
          node_type_id: 'Standard_DS3_v2',
          num_workers: 2,
          data_security_mode: 'SINGLE_USER',
        },
      },
    ],
    tasks: [
      {
        task_key: 'features',
        job_cluster_key: 'pdm',
        spark_python_task: {
          python_file: `${dir}/job/features.py`,
          parameters: ['{{job.parameters.bundle}}'],
        },
      },
      {
        task_key: 'score',
        depends_on: [{ task_key: 'features' }],
        job_cluster_key: 'pdm',
        spark_python_task: {
          python_file: `${dir}/job/score.py`,
          parameters: ['{{job.parameters.bundle}}', '{{job.parameters.run_label}}'],
        },
        libraries: [{ pypi: { package: 'onnxruntime' } }],
      },
    ],
  };
  return [
    ['job/job.json', JSON.stringify(job, null, 2) + '\n'],
    ['job/features.py', FEATURES_PY],
    ['job/score.py', SCORE_PY],
  ];
}

/** The bundle's README.md: what is in it, how to run it, how results come back. */
export function bundleReadme(o: {
  site: string;
  exportedAt: string;
  cadence: Cadence;
  zone: string;
  hasModel: boolean;
}): string {
  return `# Plant PdM export bundle: ${o.site}

Made ${o.exportedAt} by Plant PdM (\`pdm export\`). Plant time zone ${o.zone};
cadence: ${describeCadence(o.cadence)}.

## What is here

| file | what |
| --- | --- |
| \`tables/machines.parquet\` | every machine: \`machine_id\` (text), \`site\`, \`model\`, \`age\` (empty when not on the machine list), \`machine_order\` |
| \`tables/telemetry.parquet\` | \`machine_id\`, \`epoch_ms\`, \`site\`, one column per sensor (manifest.json \`sensors\`) |
| \`tables/errors.parquet\`, \`maintenance.parquet\`, \`failures.parquet\` | \`machine_id\`, \`epoch_ms\`, \`site\`, and \`error_id\`, \`comp\` or \`failure\` |
| \`features.sql\` | one SQL query: the features and labels of every observation, for Spark SQL, DuckDB and SQLite |
| \`manifest.json\` | feature order and names, classes, cadence, horizon, time zone, tables, model |
| \`model.onnx\` | ${o.hasModel ? 'the model that scores the features' : 'not in this bundle (exported without a model)'} |
| \`job/\` | a scheduled Databricks job: \`job.json\`, \`features.py\`, \`score.py\` |

\`epoch_ms\` is milliseconds since 1970-01-01 of plant wall time read as UTC (no
daylight-saving shifts), as in the plant file. The query's \`epoch_ms\` column is the
observation time; \`machineID\` the text machine id; \`label\` the failing component
within the horizon, or \`none\`.

## Run the features anywhere

The query reads the five tables by name. DuckDB:

\`\`\`
CREATE VIEW machines AS SELECT * FROM 'tables/machines.parquet';
CREATE VIEW telemetry AS SELECT * FROM 'tables/telemetry.parquet';
CREATE VIEW errors AS SELECT * FROM 'tables/errors.parquet';
CREATE VIEW maintenance AS SELECT * FROM 'tables/maintenance.parquet';
CREATE VIEW failures AS SELECT * FROM 'tables/failures.parquet';
.read features.sql
\`\`\`

Spark: \`spark.read.parquet(path).createOrReplaceTempView(name)\` for each table, then
\`spark.sql(open('features.sql').read())\` (what \`job/features.py\` does). SQLite: load
the tables (e.g. with DuckDB's \`COPY\` or pandas) and run the file as it is.

## Run it on Databricks

1. Upload this folder to a Unity Catalog volume, e.g.
   \`/Volumes/main/pdm/bundles/${slug(o.site)}\` (the path in \`job/job.json\`; change
   both \`python_file\` paths and the \`bundle\` parameter if you use another).
2. Create the job: \`databricks jobs create --json @job/job.json\`. It runs every day
   at 06:00 plant time (\`schedule\`), task \`features\` then task \`score\`, on a job
   cluster; \`score\` installs \`onnxruntime\` from PyPI.
3. Each run writes \`out/features.parquet\` and \`out/risks.parquet\` in the bundle
   folder: per machine's latest observation and component, the probability of that
   component failing within the horizon.

## Results come back

Copy the part file of \`out/risks.parquet\` (or the whole folder) to the plant PC and run

\`\`\`
pdm import-results --db PLANT.sqlite risks.parquet
\`\`\`

It stores the risks as a scoring run of the plant file (columns: \`machine_id\`,
\`component\`, \`probability\`, \`data_as_of\`, \`run_label\`), so \`pdm risks\`,
\`pdm print\` and the app show and print the maintenance list offline.
`;
}
