/**
 * Reading intervals other than hourly (--interval) and fleets whose failed units stop
 * reporting (--stop-on-failure): row counts and spacing, events inside short spans,
 * sensor drift before failures a few readings long, and the default output unchanged.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { command } from '../../../cli/commands/simulate';
import { UserError } from '../../../cli/cli-kit';
import { formatEpoch } from '../../../workers/shared/time';
import { parseStamp } from '../../../workers/simulate/plant-stats';
import { COMPONENTS, SENSORS, SIGNATURE } from '../../../workers/simulate/plant-model';
import {
  PLANT_FILE_KINDS,
  eventTimeScale,
  signatureSeconds,
  simulatePlant,
  simulatePlantInMemory,
  type PlantFileKind,
  type SimulateOptions,
} from '../../../workers/simulate/simulate-plant';

type Files = Record<PlantFileKind, string>;

/** Data rows of one file, split on commas. */
const rowsOf = (text: string) =>
  text
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));

/** Per machine: telemetry times (epoch s) and readings; events as [t, machine, kind]. */
function parsePlant(f: Files) {
  const tel = new Map<string, { t: number[]; v: number[][] }>();
  for (const r of rowsOf(f.telemetry)) {
    let m = tel.get(r[1]);
    if (!m) tel.set(r[1], (m = { t: [], v: [] }));
    m.t.push(parseStamp(r[0]));
    m.v.push(r.slice(2).map(Number));
  }
  const ev = (k: 'errors' | 'maint' | 'failures') =>
    rowsOf(f[k]).map((r) => ({ t: parseStamp(r[0]), m: r[1], kind: r[2] }));
  return { tel, errors: ev('errors'), maint: ev('maint'), failures: ev('failures') };
}

const sha = (s: string) => createHash('sha256').update(s).digest('hex');

describe('default interval', () => {
  it('writes the same bytes as before intervals existed (pinned)', async () => {
    // sha256 of the files of `pdm simulate --machines 7 --days 50 --seed 9
    // --start 2016-02-20` made before --interval and --stop-on-failure were added.
    const f = await simulatePlantInMemory({ machines: 7, days: 50, seed: 9, start: '2016-02-20' });
    expect(Object.fromEntries(PLANT_FILE_KINDS.map((k) => [k, sha(f[k])]))).toEqual({
      machines: '554c4885b542f93de9683b61b217c098c98ec987045224a61a1bc301747772ec',
      telemetry: 'd1f77d31a2d728309b64f25b196b78ca4a77ce41d756d805c24b2ed0490d1589',
      errors: 'e917e8d5e7bfd6afc296b5224c7244ac0fe7751f8c3688d5eb620d49e961402f',
      maint: 'a95a0f4af97ed0dc5534706c23c0c7bb1c5626d3a7296a8b17ad01346536d3b5',
      failures: '84555b2a0b2fa17aa4df69562d580f424a44568e2b4487f1a32501e4d25fc65b',
    });
  });

  it('is the same with --interval 1h and --stop-on-failure 0 given', async () => {
    const a = await simulatePlantInMemory({ machines: 3, days: 20, seed: 4 });
    const b = await simulatePlantInMemory({
      machines: 3,
      days: 20,
      seed: 4,
      intervalSeconds: 3600,
      stopOnFailure: 0,
    });
    for (const k of PLANT_FILE_KINDS) expect(b[k]).toBe(a[k]);
    expect(a.summary).toMatchObject({ intervalSeconds: 3600, stopped: 0 });
  });
});

describe('--interval', () => {
  it.each([
    [1, 1, 86400, 1],
    [60, 3, 1440 * 3, 2],
    [600, 2, 144 * 2, 2],
    [86400, 365, 365, 3],
    [7 * 86400, 30, 4, 3],
  ])(
    'every %i s over %i days: days x 86400 / interval rows per machine, evenly spaced',
    async (interval, days, n, machines) => {
      const f = await simulatePlantInMemory({ machines, days, intervalSeconds: interval, seed: 3 });
      const { tel } = parsePlant(f);
      expect(f.summary.rows.telemetry).toBe(machines * n);
      expect([...tel.keys()]).toEqual(Array.from({ length: machines }, (_, i) => String(i + 1)));
      for (const [m, { t }] of tel) {
        expect(t.length).toBe(n);
        expect(formatEpoch(t[0])).toBe('2015-01-01 06:00:00');
        for (let i = 1; i < t.length; i++) {
          if (t[i] - t[i - 1] !== interval)
            throw new Error(`machine ${m} row ${i}: ${t[i] - t[i - 1]} s`);
        }
      }
    },
  );

  it('formats stamps the same when they are made per row (long 1 Hz runs)', async () => {
    // 4 days at 1 Hz is 345,600 readings a machine: past the kept-stamps limit.
    let text = '';
    let rows = 0;
    let last = '';
    await simulatePlant({ machines: 1, days: 4, intervalSeconds: 1, seed: 2 }, (file, chunk) => {
      if (file !== 'telemetry') return;
      if (text.length < 4e6) text += chunk;
      const lines = chunk.trimEnd().split('\n');
      rows += lines.length;
      last = lines.at(-1)!;
    });
    const sample = rowsOf(text);
    for (let i = 0; i < sample.length; i += 997) {
      expect(sample[i][0]).toBe(formatEpoch(parseStamp('2015-01-01 06:00:00') + i));
    }
    expect(rows).toBe(4 * 86400 + 1); // with the header line
    expect(last.slice(0, 19)).toBe('2015-01-05 05:59:59');
  });

  it('keeps hourly event timing for slower readings and compresses a year into short fast spans', () => {
    expect(eventTimeScale(3600, 365 * 86400)).toBe(3600);
    expect(eventTimeScale(86400, 30 * 86400)).toBe(3600);
    expect(eventTimeScale(60, 2 * 365 * 86400)).toBe(3600);
    expect(eventTimeScale(1, 86400)).toBe(9); // a model hour is 9 s in a 1 Hz day
    expect(eventTimeScale(1, 3600)).toBe(1);
    expect(signatureSeconds(3600, 3600)).toBe(48 * 3600);
    expect(signatureSeconds(86400, 3600)).toBe(6 * 86400);
    expect(signatureSeconds(1, 9)).toBe(48 * 9);
  });

  const cases: [string, SimulateOptions][] = [
    ['a 1 Hz day', { machines: 2, days: 1, intervalSeconds: 1, seed: 5 }],
    ['minute data for 2 days', { machines: 4, days: 2, intervalSeconds: 60, seed: 5 }],
    ['a daily year', { machines: 20, days: 365, intervalSeconds: 86400, seed: 5 }],
  ];
  it.each(cases)(
    '%s: failures, errors and visits inside the span, each failure after drift and its errors',
    async (_name, opts) => {
      const f = await simulatePlantInMemory(opts);
      const p = parsePlant(f);
      const start = parseStamp('2015-01-01 06:00:00');
      const end = start + opts.days! * 86400;
      const machines = opts.machines!;
      expect(p.failures.length).toBeGreaterThanOrEqual(3 * machines);
      expect(p.errors.length).toBeGreaterThanOrEqual(5 * machines);
      expect(p.maint.filter((e) => e.t >= start).length).toBeGreaterThanOrEqual(2 * machines);
      for (const e of [...p.failures, ...p.errors]) {
        expect(e.t).toBeGreaterThanOrEqual(start);
        expect(e.t).toBeLessThan(end);
      }
      // Drift: the failing component's sensor over the 6 readings before the failure is
      // far from its overall mean (shifts are 10..72, sd 5..52), for every component.
      const step = opts.intervalSeconds!;
      const shiftSeen = new Map<string, number[]>();
      const mean = (a: number[]) => a.reduce((q, v) => q + v, 0) / a.length;
      const overall = new Map(
        [...p.tel].map(([m, tel]) => [m, SENSORS.map((_, s) => mean(tel.v.map((v) => v[s])))]),
      );
      for (const x of p.failures) {
        const tel = p.tel.get(x.m)!;
        const c = COMPONENTS.indexOf(x.kind as (typeof COMPONENTS)[number]);
        const s = SENSORS.indexOf(SIGNATURE[COMPONENTS[c]].sensor);
        const i = Math.round((x.t - tel.t[0]) / step);
        if (i < 6) continue;
        const before = tel.v.slice(i - 6, i).map((v) => v[s]);
        const list = shiftSeen.get(x.kind) ?? [];
        list.push((mean(before) - overall.get(x.m)![s]) / SIGNATURE[COMPONENTS[c]].shift);
        shiftSeen.set(x.kind, list);
        // The linked errors come before the failure, inside 48 model hours.
        const linked = p.errors.filter((e) => e.m === x.m && e.t < x.t && e.t >= x.t - 2 * 86400);
        expect(linked.length, `${x.m} ${x.kind} at ${formatEpoch(x.t)}`).toBeGreaterThan(0);
      }
      for (const [kind, ratios] of shiftSeen) {
        const avg = ratios.reduce((q, v) => q + v, 0) / ratios.length;
        expect(avg, kind).toBeGreaterThan(0.6);
      }
    },
  );

  it('refuses intervals that are not whole seconds from 1 s to 7 days or longer than the span', async () => {
    for (const [opts, msg] of [
      [{ intervalSeconds: 0 }, /interval/],
      [{ intervalSeconds: 1.5 }, /interval/],
      [{ intervalSeconds: 8 * 86400, days: 30 }, /interval/],
      [{ intervalSeconds: 2 * 86400, days: 1 }, /longer than the 1 days/],
      [{ intervalSeconds: 1, days: 200 }, /at most 10000000/],
      [{ stopOnFailure: 1.5 }, /stop-on-failure/],
      [{ stopOnFailure: -0.1 }, /stop-on-failure/],
    ] as [SimulateOptions, RegExp][]) {
      await expect(simulatePlant(opts, () => {})).rejects.toThrow(msg);
    }
    await expect(
      simulatePlantInMemory({ machines: 50, days: 1, intervalSeconds: 1 }),
    ).rejects.toThrow(/stream/);
  });
});

describe('--stop-on-failure', () => {
  const base = { machines: 12, days: 365, intervalSeconds: 86400, seed: 8 };

  it('ends every failing machine at its first failure when the fraction is 1', async () => {
    const all = parsePlant(await simulatePlantInMemory(base));
    const f = await simulatePlantInMemory({ ...base, stopOnFailure: 1 });
    const cut = parsePlant(f);
    let stopped = 0;
    for (const [m, tel] of all.tel) {
      const fails = all.failures.filter((e) => e.m === m);
      const mine = (list: { t: number; m: string }[]) => list.filter((e) => e.m === m);
      if (!fails.length) {
        expect(cut.tel.get(m)!.t.length).toBe(tel.t.length);
        continue;
      }
      stopped++;
      const tf = fails[0].t;
      const t = cut.tel.get(m)?.t ?? [];
      expect(t.every((x) => x < tf)).toBe(true);
      expect(t.length).toBe(tel.t.filter((x) => x < tf).length);
      // Readings before the failure are the ones the machine had without the cut.
      expect(cut.tel.get(m)?.v ?? []).toEqual(tel.v.slice(0, t.length));
      expect(mine(cut.failures).map((e) => e.t)).toEqual(
        fails.filter((e) => e.t === tf).map((e) => e.t),
      );
      expect(mine(cut.errors).every((e) => e.t <= tf)).toBe(true);
      expect(mine(cut.errors).length).toBe(mine(all.errors).filter((e) => e.t <= tf).length);
      expect(mine(cut.maint).every((e) => e.t < tf)).toBe(true);
    }
    expect(stopped).toBeGreaterThan(6);
    expect(f.summary.stopped).toBe(stopped);
    expect(rowsOf(f.machines).length).toBe(12);
  });

  it('cuts about the given fraction, the same machines for the same seed, others untouched', async () => {
    const opts = { ...base, machines: 40, stopOnFailure: 0.5 };
    const a = await simulatePlantInMemory(opts);
    const b = await simulatePlantInMemory(opts);
    expect(b.telemetry).toBe(a.telemetry);
    expect(a.summary.stopped).toBeGreaterThan(8);
    expect(a.summary.stopped).toBeLessThan(32);
    const full = parsePlant(await simulatePlantInMemory({ ...opts, stopOnFailure: 0 }));
    const cut = parsePlant(a);
    let same = 0;
    for (const [m, tel] of full.tel) {
      if (cut.tel.get(m)?.t.length === tel.t.length) same++;
    }
    expect(same).toBe(40 - a.summary.stopped);
  });
});

describe('pdm simulate --interval / --stop-on-failure', () => {
  const ctx = () => {
    const out: string[] = [];
    const err: string[] = [];
    return {
      out,
      err,
      ctx: {
        signal: new AbortController().signal,
        stdout: (s: string) => void out.push(s),
        stderr: (s: string) => void err.push(s),
      },
    };
  };

  it('writes readings every --interval and cuts failing units with --stop-on-failure', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdm-sim-interval-'));
    try {
      const c = ctx();
      const argv = ['--out', dir, '--machines', '6', '--days', '120', '--interval', '1d'];
      expect(await command.run([...argv, '--stop-on-failure', '1', '--json'], c.ctx)).toBe(0);
      const doc = JSON.parse(c.out.join(''));
      expect(doc.intervalSeconds).toBe(86400);
      expect(doc.stopped).toBeGreaterThan(0);
      expect(doc.rows.telemetry).toBeLessThan(6 * 120);
      const tel = readFileSync(join(dir, 'PdM_telemetry.csv'), 'utf8').split('\n');
      expect(tel.slice(1, 3).map((l) => l.slice(0, 19))).toEqual([
        '2015-01-01 06:00:00',
        '2015-01-02 06:00:00',
      ]);
      expect(c.err.join('')).toMatch(/6 machines x 120 days every 1d, \d+ stopped at a failure/);
      const m = ctx();
      expect(
        await command.run(
          ['--out', dir, '--machines', '2', '--days', '1', '--interval', '1m', '--json'],
          m.ctx,
        ),
      ).toBe(0);
      expect(JSON.parse(m.out.join('')).rows.telemetry).toBe(2 * 1440);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('documents both options in --help', () => {
    expect(command.help).toMatch(/--interval LEN/);
    expect(command.help).toMatch(/--stop-on-failure F/);
    expect(command.help).toMatch(/1s, 30s, 1m, 10m, 1h, 1d/);
  });

  it.each([
    [['--interval', 'often'], /--interval: 'often' is not a length/],
    [['--interval', '0.5s'], /--interval/],
    [['--interval', '8d', '--days', '30'], /--interval/],
    [['--stop-on-failure', '2'], /--stop-on-failure must be a number from 0 to 1/],
  ])('rejects %o naming the option', async (argv, msg) => {
    await expect(command.run(['--out', 'x', ...argv], ctx().ctx)).rejects.toThrow(UserError);
    await expect(command.run(['--out', 'x', ...argv], ctx().ctx)).rejects.toThrow(msg);
  });
});
