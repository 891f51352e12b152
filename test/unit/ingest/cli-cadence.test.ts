/**
 * `pdm plant --step/--windows/--event-window/--horizon` and the cadence that
 * `pdm import` measures and proposes (never applies) for a telemetry file.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';

const dir = mkdtempSync(join(tmpdir(), 'pdm-cadence-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function pdm(...args: string[]) {
  const r = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

let n = 0;
const freshDb = () => join(dir, `plant-${++n}.pdm`);
const D = 86400;

/** Three machines, one reading a day for 60 days. */
function dailyFile(): string {
  const p = join(dir, 'daily.csv');
  const rows = ['datetime,machineID,volt'];
  for (const m of ['P-1', 'P-2', 'P-3']) {
    for (let d = 0; d < 60; d++) {
      const t = new Date(Date.UTC(2020, 0, 1 + d, 6)).toISOString();
      rows.push(`${t.slice(0, 10)} ${t.slice(11, 19)},${m},${170 + (d % 7)}`);
    }
  }
  writeFileSync(p, rows.join('\n') + '\n');
  return p;
}

describe('pdm plant cadence options', () => {
  it('sets only what is given and shows every setting', () => {
    const db = freshDb();
    const r = pdm('plant', '--db', db, '--step', '24h', '--windows', '24h,72h,168h');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('  step         24h\n');
    expect(r.out).toContain('  windows      24h, 72h, 168h (columns _24, _72, _168)\n');
    expect(r.out).toContain('  event window 24h\n'); // unchanged default
    expect(r.out).toContain('  horizon      7d\n');
    expect(r.out).toContain('  stale after  3 steps (72 h without data)');
    expect(r.out).toMatch(/models trained under other settings no longer score this plant/);
    const h = pdm('plant', '--db', db, '--horizon', '2w', '--event-window', '3 days');
    expect(h.code, h.err).toBe(0);
    expect(h.out).toContain('  horizon      14d\n');
    expect(h.out).toContain('  event window 72h\n');
    expect(h.out).toContain('  step         24h\n');
  });

  it('--json gives the cadence in seconds', () => {
    const db = freshDb();
    pdm('plant', '--db', db, '--step', '1m', '--windows', '5m,10m,30s', '--horizon', '1h');
    const r = pdm('plant', '--db', db, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).cadence).toEqual({
      stepSeconds: 60,
      windowSeconds: [300, 600, 30],
      eventWindowSeconds: D,
      horizonSeconds: 3600,
    });
    expect(pdm('plant', '--db', db).out).toContain('(columns _5m, _10m, _30s)');
  });

  const refused: [string[], RegExp][] = [
    [['--step', '12'], /--step: '12' is not a length; write a number and a unit/],
    [['--step', '40d'], /--step: the step must be from 1s to 31d in whole seconds, got 40d/],
    [['--windows', '12h,,24h'], /--windows: '12h,,24h' has an empty entry/],
    [['--windows', '12h,720m'], /--windows: the window 12h is given twice/],
    [['--event-window', '0.5s'], /--event-window: '0.5s' is not a whole number of seconds/],
    [['--horizon', '400d'], /--horizon: the horizon must be from 1s to 366d/],
    [['--step', '12h', '--windows', '12h,12h1m'], /--windows: '12h1m' is not a length/],
    [['--step', '7s', '--windows', '366d'], /--step\/--windows: the step and windows/],
  ];
  const kept = freshDb();
  beforeAll(() => {
    expect(pdm('plant', '--db', kept, '--tz', 'UTC').code).toBe(0);
  });
  it.each(refused)('refuses %j naming the option, and changes nothing', (args, msg) => {
    const r = pdm('plant', '--db', kept, '--horizon', '14d', ...args);
    expect(r.code, args.join(' ')).toBe(1);
    expect(r.err).toMatch(msg);
    expect(r.err).not.toMatch(/\n.*\n/); // one line
    expect(pdm('plant', '--db', kept, '--json').out).toContain('"horizonSeconds":604800');
  });

  it('help explains the settings with the daily and per-second examples', () => {
    const r = pdm('plant', '--help');
    expect(r.out).toContain('--step 24h --windows 24h,72h,168h \\\n');
    expect(r.out).toContain('--event-window 72h --horizon 14d\n');
    expect(r.out).toContain('--step 1m --windows 5m,10m,30m');
    expect(r.out).toMatch(/retrained/);
  });
});

describe('pdm import measures the cadence', () => {
  it('proposes daily settings for a daily file, with the command to accept them', () => {
    const db = freshDb();
    const r = pdm('import', '--db', db, dailyFile());
    expect(r.out).toContain(
      'cadence of daily.csv: readings once a day (median interval 24h over 3 machines, data spanning 59d)',
    );
    expect(r.out).toMatch(/do not suit them: readings arrive once a day \(median interval 24h\)/);
    expect(r.out).toContain(
      'proposed (not applied): step 24h, windows 24h/72h/168h, event window 72h, horizon 14d',
    );
    const accept = `pdm plant --db ${db} --step 24h --windows 24h,72h,168h --event-window 72h --horizon 14d`;
    expect(r.out).toContain(`to accept: ${accept}`);
    // not applied by the import
    expect(JSON.parse(pdm('plant', '--db', db, '--json').out).cadence.stepSeconds).toBe(43200);
    // accepted: the same file now fits
    expect(pdm(...accept.split(' ').slice(1)).code).toBe(0);
    const again = pdm('import', '--db', db, join(dir, 'daily.csv'), '--json');
    const c = JSON.parse(again.out).reports[0].cadence;
    expect(c).toMatchObject({
      medianIntervalSeconds: D,
      machines: 3,
      proposal: null,
      reason: null,
    });
    expect(c.current.stepSeconds).toBe(D);
    expect(pdm('import', '--db', db, join(dir, 'daily.csv')).out).toMatch(
      /cadence of daily\.csv: readings once a day .*; the plant's settings suit them \(step 24h/,
    );
  });

  it('--json carries the proposal', () => {
    const r = pdm('import', '--db', freshDb(), dailyFile(), '--json');
    expect(JSON.parse(r.out).reports[0].cadence).toMatchObject({
      medianIntervalSeconds: D,
      proposal: { stepSeconds: D, windowSeconds: [D, 3 * D, 7 * D] },
    });
  });

  it('--accept-cadence sets the proposal when the files agree on one', () => {
    const db = freshDb();
    const r = pdm('import', '--db', db, dailyFile(), '--accept-cadence');
    expect(r.out).toContain(
      'cadence set to step 24h, windows 24h/72h/168h, event window 72h, horizon 14d (--accept-cadence)',
    );
    expect(r.out).not.toContain('to accept:');
    expect(JSON.parse(pdm('plant', '--db', db, '--json').out).cadence.stepSeconds).toBe(D);
    const again = pdm('import', '--db', db, join(dir, 'daily.csv'), '--accept-cadence', '--json');
    expect(JSON.parse(again.out).acceptedCadence).toBeNull();
  });
});
