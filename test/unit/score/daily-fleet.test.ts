/**
 * A daily fleet whose failing units stop reporting (like hard drives pulled after they
 * fail), run through the CLI as a user would: simulate, import (the import proposes a
 * daily cadence and --accept-cadence sets it), train, score the latest day, rank. No
 * stopped or failed unit may be ranked as a current risk; each is listed apart as
 * having no recent data, a failed one with its failure.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';

const dir = mkdtempSync(join(tmpdir(), 'pdm-daily-fleet-'));
const db = join(dir, 'fleet.pdm');
const csv = join(dir, 'csv');
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdm(...args: string[]): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function ok(r: ReturnType<typeof pdm>): string {
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.err}\n${r.out}`);
  return r.out;
}

/** Last telemetry day per machine id, from the simulated export. */
function lastReadings(): Map<string, string> {
  const lines = readFileSync(join(csv, 'PdM_telemetry.csv'), 'utf8').trimEnd().split('\n');
  const head = lines[0].split(',');
  const ti = head.indexOf('datetime');
  const mi = head.indexOf('machineID');
  const last = new Map<string, string>();
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    const prev = last.get(c[mi]);
    if (!prev || c[ti] > prev) last.set(c[mi], c[ti]);
  }
  return last;
}

interface Risks {
  rows: { machine: string }[];
  stale: { machines: { machine: string; failedAt: number | null }[]; stepSeconds: number };
}

describe('daily fleet with units that stop reporting', () => {
  let imported = '';
  let risks: Risks;
  let last: Map<string, string>;

  beforeAll(() => {
    ok(
      pdm(
        'simulate',
        ...['--out', csv, '--machines', '40', '--days', '365', '--interval', '1d'],
        ...['--stop-on-failure', '0.4', '--seed', '5'],
      ),
    );
    last = lastReadings();
    imported = ok(pdm('import', '--db', db, csv, '--accept-cadence'));
    ok(pdm('train', '--db', db, '--trees', '20', '--max-depth', '8', '--train-to', '2015-10-01'));
    ok(pdm('score', '--db', db, '--latest'));
    risks = JSON.parse(ok(pdm('risks', '--db', db, '--json', '--top', '1000'))) as Risks;
  }, 600_000);

  it('measured daily readings and took the daily cadence', () => {
    expect(imported).toMatch(/24h/);
    const plant = JSON.parse(ok(pdm('plant', '--db', db, '--json'))) as {
      cadence: { stepSeconds: number; windowSeconds: number[]; horizonSeconds: number };
    };
    expect(plant.cadence.stepSeconds).toBe(86400);
    expect(plant.cadence.windowSeconds).toEqual([86400, 3 * 86400, 7 * 86400]);
    expect(risks.stale.stepSeconds).toBe(86400);
  });

  it('ranks only units still reporting; lists every stopped unit apart', () => {
    const newest = [...last.values()].sort().at(-1) as string;
    const stopped = [...last].filter(([, t]) => t < newest.slice(0, 10)).map(([m]) => m);
    expect(stopped.length).toBeGreaterThanOrEqual(5);
    const ranked = new Set(risks.rows.map((r) => r.machine));
    const listed = new Set(risks.stale.machines.map((m) => m.machine));
    for (const m of stopped) {
      expect(ranked.has(m), `stopped unit ${m} is ranked`).toBe(false);
      expect(listed.has(m), `stopped unit ${m} is not in the no-recent-data list`).toBe(true);
    }
    // Units reporting to the last day are ranked and not listed as stale.
    for (const [m, t] of last) {
      if (t.slice(0, 10) !== newest.slice(0, 10)) continue;
      expect(ranked.has(m), `current unit ${m} is not ranked`).toBe(true);
      expect(listed.has(m)).toBe(false);
    }
    // Stopped at their first failure: shown as failed, not as a risk.
    const failed = risks.stale.machines.filter((m) => m.failedAt !== null);
    expect(failed.length).toBeGreaterThanOrEqual(Math.min(5, stopped.length));
  });

  it('says in the text output how many were left out and why', () => {
    const text = ok(pdm('risks', '--db', db));
    const n = risks.stale.machines.length;
    expect(text).toMatch(new RegExp(`${n} machines left out: no data since .*steps of 24 h`));
    expect(text).toMatch(/of them failed/);
  });
});
