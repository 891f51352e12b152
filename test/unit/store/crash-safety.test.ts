import { spawn, type ChildProcess } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Store } from '../../../workers/store';
import { PlantFile, removeStaleTemps } from '../../../workers/store/plant-file-node';
import { transpileForNode } from './fixtures/transpile-node';
import { waitExit, waitForLine } from './fixtures/spawn-ts';
import { createRng as rng } from '../../../workers/forest/rng';

const CHILD_TS = fileURLToPath(new URL('./fixtures/crash-child.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const ROWS = 10_000; // one batch: about 0.35 MB of file, so a save takes real time
const KILLS = 50;
/** Independent kill loops run side by side (each on its own file) to bound wall time. */
const LANES = 2;
const SEED = 20240611;

/** The batch a file holds; throws unless it opens, passes integrity_check and is whole. */
async function batchIn(path: string): Promise<number> {
  const store = await Store.open(await fsp.readFile(path), path); // runs integrity_check
  try {
    const b = Number(store.getMeta('crash_batch'));
    const r = store.all<{ n: number; lo: number; hi: number }>(
      'SELECT count(*) AS n, min(s1) AS lo, max(s1) AS hi FROM telemetry',
    )[0];
    expect(Number.isInteger(b)).toBe(true);
    expect(r).toEqual({ n: ROWS, lo: b, hi: b }); // the whole batch, never part of one
    return b;
  } finally {
    store.close();
  }
}

let dir: string;
/** The child as plain JS: started 50 times, so it skips the tsx loader's start-up cost. */
let childJs: string;
let jsDir: string;
beforeAll(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'pdm-crash-'));
  jsDir = await fsp.mkdtemp(join(tmpdir(), 'pdm-crash-js-'));
  childJs = await transpileForNode(CHILD_TS, ROOT, jsDir);
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
  await fsp.rm(jsDir, { recursive: true, force: true });
});

describe('crash safety', () => {
  it(`a saving process killed ${KILLS} times at random moments never leaves a partial file`, async () => {
    const lanes = await Promise.all(
      Array.from({ length: LANES }, (_, lane) => killLoop(lane, KILLS / LANES)),
    );
    for (const l of lanes) {
      console.log(
        `crash safety lane ${l.lane}: ${l.kills} kills, ${l.midSave} while a save was running, final batch ${l.batch}, typical save ${Math.round(l.saveMs)} ms`,
      );
    }
    expect(lanes.reduce((n, l) => n + l.kills, 0)).toBeGreaterThanOrEqual(50);
    // Both outcomes were met: kills after completed saves moved the state on.
    for (const l of lanes) expect(l.batch).toBeGreaterThanOrEqual(KILLS / LANES / 3 - 1);
  }, 240_000);
});

/** Seeds a plant file with batch 0, then kills the saving child `kills` times. */
async function killLoop(lane: number, kills: number) {
  const path = join(dir, `plant${lane}.pdm`);
  // Batch 0, written the way the child writes every later batch.
  const seed = await PlantFile.open(path, { create: true });
  seed.store.ensureSensor('volt');
  seed.store.ensureSensor('n');
  seed.store.transaction(() => {
    const st = seed.store.db.prepare(
      'INSERT INTO telemetry(machine_id, t, s1, s2) VALUES(?, ?, ?, ?)',
    );
    for (let i = 0; i < ROWS; i++) st.run([1 + (i % 100), 3600 * Math.floor(i / 100), 0, i]);
    st.free();
    seed.store.setMeta('crash_batch', '0');
  });
  await seed.save();
  seed.close();

  const random = rng(SEED + lane);
  let previous = 0;
  let midSave = 0;
  let saveMs = 30; // typical save time on this machine so far, in ms
  for (let kill = 0; kill < kills; kill++) {
    const proc = spawn(process.execPath, [childJs, path, String(ROWS)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    try {
      await waitForLine(proc, /^ready$/);
      const aim = kill % 3;
      if (aim === 0) {
        // Anywhere: inside the transaction, between saves, or during one.
        await sleep(Math.floor(random() * 600));
      } else if (aim === 1) {
        // Inside a save (export, write, fsync, backups, rename): a random fraction of
        // the save time measured so far on this machine.
        await until(proc, () => /^saving \d+$/m.test(out));
        await sleep(Math.floor(random() * saveMs));
      } else {
        // Just after a save completed, so the state moves on and later kills meet a
        // file with backups.
        await until(proc, () => /^saved \d+/m.test(out));
        await sleep(Math.floor(random() * 20));
      }
    } finally {
      proc.kill('SIGKILL');
      await waitExit(proc);
    }
    // A moving average of the save time, robust to the odd slow fsync on a busy disk.
    for (const m of out.matchAll(/^saved \d+ ([\d.]+)$/gm))
      saveMs = 0.7 * saveMs + 0.3 * Number(m[1]);
    const saving = lastNumber(out, 'saving');
    const saved = lastNumber(out, 'saved');
    if (saving > saved) midSave++;
    const b = await batchIn(path);
    // A finished save is on disk; an unfinished one is either whole or absent.
    expect(b).toBeGreaterThanOrEqual(Math.max(previous, saved));
    expect(b).toBeLessThanOrEqual(Math.max(previous, saving));
    previous = b;
  }
  // Backups that exist are whole files too, no newer than the file. (A kill during
  // rotation may leave a gap, e.g. no .bak1 until the next save.)
  const base = `plant${lane}.pdm`;
  const mine = (await fsp.readdir(dir)).filter((n) => n.includes(base));
  for (const n of mine.filter((n) => /\.bak[123]$/.test(n))) {
    expect(await batchIn(join(dir, n))).toBeLessThanOrEqual(previous);
  }
  // Temp files of killed saves are found and removed; nothing else is left around.
  await removeStaleTemps(path);
  const left = (await fsp.readdir(dir)).filter((n) => n.includes(base));
  expect(left.filter((n) => !/\.bak[123]$/.test(n))).toEqual([base]);
  return { lane, kills, midSave, batch: previous, saveMs };
}

function lastNumber(out: string, word: string): number {
  const all = [...out.matchAll(new RegExp(`^${word} (\\d+)(?: [\\d.]+)?$`, 'gm'))];
  return all.length ? Number(all[all.length - 1][1]) : 0;
}

/** Resolves once test() holds, checked after each chunk of the child's output. */
function until(child: ChildProcess, test: () => boolean): Promise<void> {
  return new Promise((resolve, reject) => {
    const check = () => {
      if (!test()) return;
      child.stdout!.off('data', check);
      child.off('exit', onExit);
      resolve();
    };
    const onExit = () => reject(new Error('the child exited on its own'));
    child.stdout!.on('data', check);
    child.once('exit', onExit);
    check();
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
