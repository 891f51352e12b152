/**
 * `npm run bench -- ingest [--machines 100] [--days 365] [--keep]`: generates a plant
 * (workers/simulate when present, else a simple generator here), imports its five CSV
 * files into a new database file and saves it, in a child process so the peak RSS is
 * the import's own; then times the pandas peer (read_csv + to_sql into sqlite3) on the
 * same files and prints both, the ratio and rows/s. Not a test: figures only.
 */
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { tmpdir } from 'node:os';

const REPO = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PEER = resolve(REPO, '..', 'shared', 'tools', 'pandas_ingest_peer.py');

async function generate(dir: string, machines: number, days: number): Promise<string> {
  const sim = join(REPO, 'workers', 'simulate', 'simulate-node.ts');
  if (existsSync(sim)) {
    const mod = (await import(sim)) as {
      writePlantCsv(dir: string, o: { machines: number; days: number }): Promise<unknown>;
    };
    await mod.writePlantCsv(dir, { machines, days });
    return 'workers/simulate';
  }
  // Fallback: same format, random values.
  mkdirSync(dir, { recursive: true });
  const w = createWriteStream(join(dir, 'PdM_telemetry.csv'));
  w.write('datetime,machineID,volt,rotate,pressure,vibration\n');
  const t0 = Date.UTC(2015, 0, 1, 6) / 1000;
  for (let m = 1; m <= machines; m++) {
    let buf = '';
    for (let h = 0; h < days * 24; h++) {
      const d = new Date((t0 + h * 3600) * 1000).toISOString();
      buf += `${d.slice(0, 10)} ${d.slice(11, 19)},${m},${170 + Math.random() * 20},${450 + Math.random() * 50},${100 + Math.random() * 10},${40 + Math.random() * 5}\n`;
    }
    if (!w.write(buf)) await new Promise<void>((r) => w.once('drain', () => r()));
  }
  await new Promise<void>((r) => w.end(() => r()));
  const small = (name: string, header: string, rows: string[]) =>
    new Promise<void>((r) =>
      createWriteStream(join(dir, name)).end(header + '\n' + rows.join('\n') + '\n', () => r()),
    );
  const ev = (kind: string) =>
    Array.from(
      { length: machines * 3 },
      (_, i) =>
        `2015-02-${String((i % 28) + 1).padStart(2, '0')} 06:00:00,${(i % machines) + 1},${kind}${(i % 4) + 1}`,
    );
  await small('PdM_errors.csv', 'datetime,machineID,errorID', ev('error'));
  await small('PdM_maint.csv', 'datetime,machineID,comp', ev('comp'));
  await small('PdM_failures.csv', 'datetime,machineID,failure', ev('comp'));
  await small(
    'PdM_machines.csv',
    'machineID,model,age',
    Array.from({ length: machines }, (_, i) => `${i + 1},model${(i % 4) + 1},${i % 20}`),
  );
  return 'bench fallback generator';
}

/** Child mode: import DIR into DB, save, print one JSON line. */
async function child(dir: string, db: string): Promise<void> {
  const { PlantFile } = await import('../../workers/store/plant-file-node');
  const { importPaths } = await import('../../workers/ingest/import-node');
  rmSync(db, { force: true });
  const t0 = performance.now();
  const plant = await PlantFile.open(db, { create: true });
  const r = await importPaths(plant.store, [dir]);
  const t1 = performance.now();
  await plant.save();
  const t2 = performance.now();
  plant.close();
  const rows = Object.fromEntries(r.reports.map((x) => [x.kind, x.added]));
  console.log(
    JSON.stringify({
      import_s: (t1 - t0) / 1000,
      save_s: (t2 - t1) / 1000,
      total_s: (t2 - t0) / 1000,
      rows,
      failed: r.failed.map((f) => f.error.message),
      cpu_s: (process.cpuUsage().user + process.cpuUsage().system) / 1e6,
      peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
}

export async function main(args: string[]): Promise<void> {
  const { values } = parseArgs({
    args,
    options: {
      machines: { type: 'string', default: '100' },
      days: { type: 'string', default: '365' },
      keep: { type: 'boolean', default: false },
      child: { type: 'string' },
      db: { type: 'string' },
    },
  });
  if (values.child) return child(values.child, values.db!);
  const machines = Number(values.machines);
  const days = Number(values.days);
  const dir = join(tmpdir(), `pdm-bench-ingest-${machines}x${days}`);
  if (!existsSync(join(dir, 'PdM_telemetry.csv'))) {
    console.log(`generating ${machines} machines x ${days} days in ${dir} ...`);
    console.log(`  by ${await generate(dir, machines, days)}`);
  }
  const ourDb = join(dir, 'bench-ours.pdm');
  const res = spawnSync(
    process.execPath,
    ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', dir, '--db', ourDb],
    { cwd: REPO, encoding: 'utf8', maxBuffer: 1 << 26 },
  );
  if (res.status !== 0) throw new Error(`import failed: ${res.stderr}`);
  const ours = JSON.parse(res.stdout.trim().split('\n').pop()!);
  console.log('ours  ', JSON.stringify(ours));
  const tele = ours.rows.telemetry as number;
  let peer: { total_s: number; cpu_s: number; peak_rss_mb: number } | null = null;
  if (existsSync('/usr/bin/python3') && existsSync(PEER)) {
    // The peer runs unchanged (runpy); the wrapper adds its CPU seconds, since wall
    // time on a shared machine is noisy.
    const wrap =
      'import json,resource,runpy,sys; sys.argv=sys.argv[1:]; ' +
      "runpy.run_path(sys.argv[0], run_name='__main__'); r=resource.getrusage(resource.RUSAGE_SELF); " +
      "print(json.dumps({'cpu_s': r.ru_utime + r.ru_stime}))";
    const p = spawnSync(
      '/usr/bin/python3',
      ['-c', wrap, PEER, dir, join(dir, 'bench-pandas.sqlite')],
      { encoding: 'utf8' },
    );
    if (p.status === 0) {
      const lines = p.stdout.trim().split('\n');
      peer = { ...JSON.parse(lines[lines.length - 2]), ...JSON.parse(lines[lines.length - 1]) };
      console.log('pandas', JSON.stringify(peer));
    } else console.log(`pandas peer unavailable: ${p.stderr.trim().split('\n').pop()}`);
  }
  console.log('');
  console.log(`plant: ${machines} machines x ${days} days, ${tele} telemetry rows`);
  console.log(
    `ours:   ${ours.total_s.toFixed(2)} s (import ${ours.import_s.toFixed(2)} + save ${ours.save_s.toFixed(2)}), ` +
      `${Math.round(tele / ours.total_s)} rows/s, CPU ${ours.cpu_s.toFixed(2)} s, peak RSS ${ours.peak_rss_mb} MB`,
  );
  if (peer) {
    console.log(
      `pandas: ${peer.total_s.toFixed(2)} s, ${Math.round(tele / peer.total_s)} rows/s, CPU ${peer.cpu_s.toFixed(2)} s, peak RSS ${peer.peak_rss_mb} MB`,
    );
    console.log(
      `ratio ours/pandas: wall ${(ours.total_s / peer.total_s).toFixed(2)}x, ` +
        `CPU ${(ours.cpu_s / peer.cpu_s).toFixed(2)}x (target <= 1.0x)`,
    );
  }
  if (!values.keep) rmSync(dir, { recursive: true, force: true });
}

// Direct run (child mode of the script itself).
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  await main(process.argv.slice(2));
}
