import { mkdtempSync, promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandContext } from '../../../cli/cli-kit';
import { command as schedule } from '../../../cli/commands/schedule';
import { command as runs } from '../../../cli/commands/runs';
import { command as runDue } from '../../../cli/commands/run-due';
import { acquireLock } from '../../../workers/store/lock-node';
import { PlantFile } from '../../../workers/store/plant-file-node';

let dir: string;
let db: string;
beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), 'pdm-sched-cli-'));
  db = join(dir, 'plant.sqlite');
  const plant = await PlantFile.open(db, { create: true });
  await plant.save();
  plant.close();
});
afterEach(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

async function run(cmd: typeof schedule, argv: string[]) {
  let stdout = '';
  let stderr = '';
  const ctx: CommandContext = {
    signal: new AbortController().signal,
    stdout: (s) => void (stdout += s),
    stderr: (s) => void (stderr += s),
  };
  const code = await cmd.run(argv, ctx);
  return { code, stdout, stderr, json: () => JSON.parse(stdout) };
}

describe('pdm schedule / runs / run-due', () => {
  it('adds, lists, disables, enables and removes schedules', async () => {
    const add = await run(schedule, [
      'add',
      '--db',
      db,
      '--name',
      'morning',
      '--preset',
      'weekdays',
      '--at',
      '06:30',
      '--tz',
      'Europe/Berlin',
      '--list-dir',
      dir,
      '--list-format',
      'html,csv',
      '--json',
    ]);
    expect(add.code).toBe(0);
    const s = add.json().schedule;
    expect(s).toMatchObject({
      name: 'morning',
      cron: '30 6 * * 1-5',
      timeZone: 'Europe/Berlin',
      missedPolicy: 'run-once',
      timeoutSeconds: 3600,
      retries: 1,
      action: { score: 'latest', listDir: dir, listFormats: ['html', 'csv'] },
      description: { kind: 'weekdays', hour: 6, minute: 30 },
    });
    expect(s.nextRuns).toHaveLength(5);
    await run(schedule, ['disable', '--db', db, '--name', 'morning']);
    let list = (await run(schedule, ['list', '--db', db, '--json'])).json().schedules;
    expect(list.map((x: { enabled: boolean }) => x.enabled)).toEqual([false]);
    await run(schedule, ['enable', '--db', db, '--name', 'morning']);
    list = (await run(schedule, ['list', '--db', db, '--json'])).json().schedules;
    expect(list[0].enabled).toBe(true);
    await run(schedule, ['remove', '--db', db, '--name', 'morning']);
    expect((await run(schedule, ['list', '--db', db, '--json'])).json().schedules).toEqual([]);
  });

  it('refuses bad input with a message naming it', async () => {
    const base = ['add', '--db', db, '--name', 'x'];
    await expect(run(schedule, [...base, '--cron', '61 * * * *'])).rejects.toThrow(
      /cron expression '61 \* \* \* \*' is not valid/,
    );
    await expect(run(schedule, [...base, '--preset', 'daily'])).rejects.toThrow(/--at/);
    await expect(run(schedule, [...base, '--preset', 'daily', '--at', '25:00'])).rejects.toThrow(
      /time of day '25:00'/,
    );
    await expect(
      run(schedule, [...base, '--cron', '0 6 * * *', '--tz', 'Berlin/Mars']),
    ).rejects.toThrow(/'Berlin\/Mars' is not a known IANA time zone/);
    await expect(
      run(schedule, [...base, '--cron', '0 6 * * *', '--missed', 'later']),
    ).rejects.toThrow(/run-once or skip/);
    await run(schedule, [...base, '--cron', '0 6 * * *']);
    await expect(run(schedule, [...base, '--cron', '0 7 * * *'])).rejects.toThrow(/already exists/);
    await expect(run(schedule, ['remove', '--db', db, '--name', 'nope'])).rejects.toThrow(
      /no schedule named 'nope'/,
    );
    await expect(run(runDue, ['--db', db, '--now', 'tomorrow'])).rejects.toThrow(/--now/);
  });

  it('run-due imports a watched folder for due slots once, and runs shows every slot', async () => {
    const watch = join(dir, 'in');
    await fsp.mkdir(watch);
    await fsp.writeFile(
      join(watch, 'PdM_machines.csv'),
      'machineID,model,age\n1,model3,18\n2,model4,7\n',
    );
    await run(schedule, [
      'add',
      '--db',
      db,
      '--name',
      'imports',
      '--preset',
      'hourly',
      '--tz',
      'UTC',
      '--watch',
      watch,
      '--score',
      'none',
    ]);
    // Three hourly slots after now, whatever the minute: the start of this hour + 2 h + 1 min
    // is just past the third slot (now + 3 h would pass a fourth one near the hour's end).
    const later = new Date(
      Math.floor(Date.now() / 3600_000) * 3600_000 + 3 * 3600_000 + 60_000,
    ).toISOString();
    const due = await run(runDue, ['--db', db, '--now', later, '--json']);
    expect(due.code).toBe(0);
    const doc = due.json();
    expect(doc.ran).toHaveLength(1);
    expect(doc.ran[0]).toMatchObject({ outcome: 'ran', details: { import: { imported: 1 } } });
    expect(doc.recorded.map((r: { outcome: string }) => r.outcome)).toEqual(['missed', 'missed']);
    // Nothing is due at the same instant again.
    expect((await run(runDue, ['--db', db, '--now', later, '--json'])).json().ran).toEqual([]);
    const hist = (await run(runs, ['--db', db, '--json'])).json();
    expect(hist.schedules[0].counts).toMatchObject({ ran: 1, missed: 2 });
    const plant = await PlantFile.open(db);
    expect(plant.store.scalar('SELECT count(*) FROM machines')).toBe(2);
    expect(plant.store.scalar("SELECT count(*) FROM watched_files WHERE status='imported'")).toBe(
      1,
    );
    plant.close();
  }, 20_000);

  it('run-due does nothing (exit 0) while another process holds the plant file', async () => {
    await run(schedule, ['add', '--db', db, '--name', 'h', '--preset', 'hourly']);
    const lock = await acquireLock(db, 'the desktop app');
    try {
      const r = await run(runDue, ['--db', db, '--json']);
      expect(r.code).toBe(0);
      expect(r.json()).toMatchObject({ locked: true });
      expect(r.stderr).toMatch(/nothing done/);
    } finally {
      await lock.release();
    }
  });
});
