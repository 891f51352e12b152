/**
 * `pdm health` end to end through bin/pdm.js on a small simulated plant: the ranking
 * with reasons in words, --json as the engine's structure, --csv, --watch for one
 * ranking or kept with --save-watch, and bad input exiting 1 naming what is wrong.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { simulatedStore } from '../../helpers/sim-plant';
import type { HealthRanking } from '../../../workers/health/types';

const pdm = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), 'health', ...args], {
    encoding: 'utf8',
  });

describe('pdm health', () => {
  let dir = '';
  let db = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdm-health-cli-'));
    db = join(dir, 'plant.sqlite');
    const store = await simulatedStore({ machines: 15, days: 60, seed: 9 });
    writeFileSync(db, store.export());
    store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('ranks with reasons in words and writes the CSV', () => {
    const csv = join(dir, 'health.csv');
    const r = pdm('--db', db, '--top', '3', '--csv', csv);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('unusual behaviour as of 2015-03-02 12:00 (not failure risk)');
    expect(r.stdout).toMatch(/failures on record, but no active model/);
    expect(r.stdout).toContain('signal map: none');
    // Three ranked rows, each with its reasons in words.
    const rows = r.stdout.split('\n').filter((l) => /^\s+\d+\s{2}/.test(l));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatch(
      /whole machine .* (unusual|watch|normal) .*(usual for|alerts? in|last replaced)/,
    );
    const lines = readFileSync(csv, 'utf8').trim().split('\r\n');
    expect(lines[0]).toBe('rank,machine_id,machine_type,component,score,level,as_of,reasons');
    expect(lines).toHaveLength(1 + 15 * 5);
  });

  it('--watch maps signals for one ranking, --save-watch keeps the map', () => {
    const once = pdm('--db', db, '--json', '--top', '0', '--watch', 'vibration=comp4,error5=comp4');
    expect(once.status).toBe(0);
    const ranking = JSON.parse(once.stdout) as HealthRanking;
    expect(ranking.signalMap).toEqual({ vibration: 'comp4', error5: 'comp4' });
    expect(ranking.defaultView).toBe('health');
    expect(ranking.rows).toHaveLength(15 * 5);
    expect(ranking.rows[0].score).toBeGreaterThanOrEqual(ranking.rows[1].score);
    // Not kept: the next ranking has no map.
    expect((JSON.parse(pdm('--db', db, '--json').stdout) as HealthRanking).signalMap).toEqual({});

    expect(pdm('--db', db, '--watch', 'volt=comp1', '--save-watch').status).toBe(0);
    const kept = JSON.parse(
      pdm('--db', db, '--json', '--at', '2015-02-20').stdout,
    ) as HealthRanking;
    expect(kept.signalMap).toEqual({ volt: 'comp1' });
    expect(kept.asOf).toBe(Date.UTC(2015, 1, 20));
  });

  it('exits 1 naming the bad option or entry', () => {
    const bad = pdm('--db', db, '--watch', 'humidity=comp1');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--watch: 'humidity' is neither a sensor nor an error type/);
    const comp = pdm('--db', db, '--watch', 'volt=gearbox');
    expect(comp.stderr).toMatch(/'gearbox' \(for 'volt'\) is not a component/);
    expect(pdm('--db', db, '--watch', 'volt').stderr).toMatch(/SIGNAL=COMPONENT/);
    expect(pdm('--db', db, '--at', 'yesterday').stderr).toMatch(/--at: 'yesterday' is not a date/);
    expect(pdm('--db', db, '--save-watch').stderr).toMatch(/--save-watch needs --watch/);
    expect(pdm('--db', join(dir, 'missing.sqlite')).status).toBe(1);
  });
});
