/** The headless runner end to end on a real plant file: score, write the list files. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { simulatedStore } from '../../helpers/sim-plant';
import { trainModel } from '../../../workers/model/train-model';
import { addSchedule } from '../../../workers/schedule/schedule-store';
import { runDueOnce } from '../../../workers/schedule/run-due-node';
import { DAY, parseDateArg } from '../../../workers/shared/time';

describe('pdm run-due on a plant file', () => {
  it('scores a due slot and writes the maintenance list into a folder it creates', async () => {
    const store = await simulatedStore({ machines: 6, days: 60, seed: 4 });
    await trainModel(store, {
      trainTo: parseDateArg('2015-01-01') + 45 * DAY,
      params: { nTrees: 5 },
    });
    const dir = mkdtempSync(join(tmpdir(), 'pdm-run-due-'));
    const listDir = join(dir, 'lists', 'line-3');
    const added = Date.UTC(2026, 0, 5, 0, 0);
    addSchedule(
      store,
      {
        name: 'morning',
        preset: { kind: 'daily', at: '06:00' },
        timeZone: 'UTC',
        action: { score: 'latest', listDir, listFormats: ['html', 'csv'] },
      },
      added,
    );
    const db = join(dir, 'plant.sqlite');
    writeFileSync(db, store.export());
    const { finished } = await runDueOnce(db, { now: Date.UTC(2026, 0, 5, 6, 10) });
    expect(finished.map((s) => [s.outcome, s.reason])).toEqual([['ran', null]]);
    expect(existsSync(listDir)).toBe(true);
    const files = readdirSync(listDir).sort();
    expect(files).toEqual([
      'maintenance-list-morning-2026-01-05T0600Z.csv',
      'maintenance-list-morning-2026-01-05T0600Z.html',
    ]);
    expect(readFileSync(join(listDir, files[1]), 'utf8')).toContain('Maintenance list');
    expect(readFileSync(join(listDir, files[0]), 'utf8').split('\r\n')[0]).toMatch(
      /^machineID,model,component,risk_percent,risk_level/,
    );
  }, 120_000);
});
