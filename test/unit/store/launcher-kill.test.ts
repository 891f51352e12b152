/**
 * Stop means stop, through the real launcher (bin/pdm.js): SIGTERM or SIGKILL sent to
 * the `pdm` process in the middle of an import ends the command too; the plant file
 * keeps its previous bytes, no lock or temp file is left and the next run goes ahead.
 * (crash-safety.test.ts kills a saving process itself at random moments.)
 */
import { spawn, spawnSync } from 'node:child_process';
import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { simulatePlantInMemory, PLANT_FILE_NAMES } from '../../../workers/simulate';
import { lockPathFor, parseLock } from '../../../workers/store/lock-node';
import { pidAlive } from '../../../workers/store/plant-file-node';

const PDM = join(REPO_ROOT, 'bin', 'pdm.js');

let dir: string;
let telemetry: string;
beforeAll(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'pdm-launcher-kill-'));
  const files = await simulatePlantInMemory({ machines: 10, days: 120, seed: 3 });
  const machines = join(dir, PLANT_FILE_NAMES.machines);
  telemetry = join(dir, PLANT_FILE_NAMES.telemetry);
  await fsp.writeFile(machines, files.machines);
  await fsp.writeFile(telemetry, files.telemetry);
  for (const sig of ['SIGTERM', 'SIGKILL']) {
    const r = spawnSync(process.execPath, [PDM, 'import', '--db', db(sig), machines], {
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
  }
}, 60_000);
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

const db = (sig: string) => join(dir, `plant-${sig}.pdm`);

/** Polls fn until it gives a value (vi.waitFor), failing after 20 s with what it awaited. */
function waitFor<T>(what: string, fn: () => Promise<T | null> | T | null): Promise<T> {
  return vi.waitFor(
    async () => {
      const v = await fn();
      if (v === null) throw new Error(`timed out waiting for ${what}`);
      return v;
    },
    { timeout: 20_000, interval: 20 },
  );
}

describe('killing the pdm launcher mid-import', () => {
  for (const sig of ['SIGTERM', 'SIGKILL'] as const) {
    it(`${sig}: the command ends too, stores nothing and leaves no lock`, async () => {
      const path = db(sig);
      const before = await fsp.readFile(path);
      const launcher = spawn(process.execPath, [PDM, 'import', '--db', path, telemetry], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let err = '';
      launcher.stderr!.on('data', (d: Buffer) => (err += d.toString()));
      const exited = new Promise<void>((r) => launcher.once('exit', () => r()));
      // The command (the launcher's child) holds the lock once it has started.
      const commandPid = await waitFor('the lock', async () => {
        const raw = await fsp.readFile(lockPathFor(path), 'utf8').catch(() => '');
        return parseLock(raw)?.pid ?? null;
      });
      expect(commandPid).not.toBe(launcher.pid);
      await waitFor('import progress', () => (/%/.test(err) ? true : null));
      launcher.kill(sig);
      await exited;
      await waitFor('the command to end', () => (pidAlive(commandPid) ? null : true));

      expect(Buffer.from(await fsp.readFile(path)).equals(before)).toBe(true);
      const left = (await fsp.readdir(dir)).filter((n) => n.includes(`plant-${sig}.pdm`));
      expect(left.filter((n) => !/\.bak\d$/.test(n))).toEqual([`plant-${sig}.pdm`]);
      if (sig === 'SIGTERM') expect(err).toMatch(/SIGTERM: cancelling/);
      else expect(err).toMatch(/launcher ended: stopping without saving/);

      // The next run takes the file at once and stores the import.
      const again = spawnSync(process.execPath, [PDM, 'import', '--db', path, telemetry], {
        encoding: 'utf8',
      });
      expect(again.status).toBe(0);
      expect(Buffer.from(await fsp.readFile(path)).equals(before)).toBe(false);
    }, 60_000);
  }
});
