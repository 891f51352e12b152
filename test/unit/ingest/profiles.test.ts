/**
 * Import profiles: saved in the plant file, validated when saved and when read (the
 * file can be edited by hand), used by the app's engine API and by a schedule's
 * watched folder (pdm run-due), where a missing profile fails the slot naming it.
 */
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { EngineApi } from '../../../workers/app/engine-api';
import {
  getProfile,
  listProfiles,
  removeProfile,
  saveProfile,
} from '../../../workers/ingest/profiles';
import { addSchedule, listSlots } from '../../../workers/schedule/schedule-store';
import { nodeActions, runDueOnce } from '../../../workers/schedule/run-due-node';
import { Store } from '../../../workers/store/store';
import { PlantFile } from '../../../workers/store/plant-file-node';
import { count } from './helpers';

/** A logbook whose name says nothing: detection reads it as maintenance. */
const LOGBOOK =
  'Turbine_ID,Component,Timestamp,Remarks\n' +
  'T07,GEARBOX,2016-04-30 12:40:00,replaced\n' +
  'T06,GENERATOR,2016-06-07 16:59:00,leak\n';

describe('import profiles', () => {
  it('round-trip in the plant file and refuse bad names, keys and values', async () => {
    const store = await Store.open(null);
    expect(listProfiles(store)).toEqual([]);
    saveProfile(store, 'wind logbook', {
      kind: 'failures',
      map: { Remarks: 'ignore', Turbine_ID: 'machine' },
      dateFormat: 'DMY',
    });
    saveProfile(store, 'drives', { failureComponent: 'disk', machineFromName: 'pump-(\\w+)' });
    const bytes = store.export();
    const again = await Store.open(bytes);
    expect(listProfiles(again).map((p) => p.name)).toEqual(['drives', 'wind logbook']);
    expect(getProfile(again, 'wind logbook')).toEqual({
      kind: 'failures',
      map: { Remarks: 'ignore', Turbine_ID: 'machine' },
      dateFormat: 'DMY',
    });
    expect(removeProfile(again, 'drives')).toBe(true);
    expect(removeProfile(again, 'drives')).toBe(false);
    expect(() => getProfile(again, 'drives')).toThrow(
      /no import profile 'drives' in this plant; saved: wind logbook/,
    );

    const bad = (m: unknown) => () => saveProfile(store, 'x', m as never);
    expect(bad({ kinds: 'failures' })).toThrow(/unknown setting 'kinds'; known: kind, map/);
    expect(bad({ kind: 'alarms' })).toThrow(/kind must be one of telemetry, .* got "alarms"/);
    expect(bad({ map: { Status: 'status' } })).toThrow(/map 'Status' must be one of timestamp/);
    expect(bad({ machineFromName: '(' })).toThrow(/machineFromName is not a regular expression/);
    expect(bad({ decimalMark: ';' })).toThrow(/decimalMark must be one of \., ,/);
    expect(bad({ machine: 'P1', machineFromName: 'p(.)' })).toThrow(/not both/);
    expect(() => saveProfile(store, '', {})).toThrow(/profile name must be 1 to 64/);
    expect(() => saveProfile(store, '../x', {})).toThrow(/profile name/);

    // A profile edited by hand into something this version cannot read is named.
    store.setMeta('import_profiles', JSON.stringify({ old: { kind: 'maint', sheet: 2 } }));
    expect(() => listProfiles(store)).toThrow(/profile 'old' has an unknown setting 'sheet'/);
    store.setMeta('import_profiles', '{not json');
    expect(() => listProfiles(store)).toThrow(/not valid JSON/);
  });

  it('the engine API saves, lists, uses and removes them', async () => {
    const api = new EngineApi();
    await api.newPlant('t');
    const file = { name: 'logbook.csv', bytes: new TextEncoder().encode(LOGBOOK) };
    const [detected] = await api.previewImport([file], null, 0);
    expect('error' in detected ? null : detected.kind).toBe('maint');
    await api.saveProfile('wind', { kind: 'failures' });
    expect(api.listProfiles()).toEqual([{ name: 'wind', mapping: { kind: 'failures' } }]);
    const [withMapping] = await api.previewImport([file], api.listProfiles()[0].mapping, 0);
    expect('error' in withMapping ? null : withMapping.kind).toBe('failures');
    const res = await api.importFiles([file], { profile: 'wind' }, () => undefined);
    expect(res.files[0]).toMatchObject({ kind: 'failures', rowsAdded: 2 });
    expect(api.summary()!.failures).toBe(2);
    await expect(api.saveProfile('bad', { kind: 'nope' as never })).rejects.toThrow(RangeError);
    await api.removeProfile('wind');
    expect(api.listProfiles()).toEqual([]);
    await expect(api.removeProfile('wind')).rejects.toThrow(/no import profile 'wind'/);
  });

  it("a schedule's watched folder reads with its profile; a missing one fails the slot", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pdm-profile-watch-'));
    const watch = join(dir, 'in');
    mkdirSync(watch);
    writeFileSync(join(watch, 'logbook.csv'), LOGBOOK);
    const store = await Store.open(null);
    saveProfile(store, 'wind', { kind: 'failures', map: { Remarks: 'ignore' } });
    const added = Date.UTC(2026, 0, 5, 0, 0);
    const daily = { kind: 'daily', at: '06:00' } as const;
    addSchedule(
      store,
      {
        name: 'logbooks',
        preset: daily,
        timeZone: 'UTC',
        action: { watchDir: watch, profile: 'wind', score: 'none' },
      },
      added,
    );
    addSchedule(
      store,
      {
        name: 'lost',
        preset: daily,
        timeZone: 'UTC',
        action: { watchDir: watch, profile: 'gone', score: 'none' },
        retries: 0,
      },
      added,
    );
    const db = join(dir, 'plant.pdm');
    writeFileSync(db, store.export());
    const { finished, names } = await runDueOnce(db, {
      now: Date.UTC(2026, 0, 5, 6, 10),
      actions: (s, clock) => nodeActions(s, { clock, stableMs: 0 }),
    });
    const byName = Object.fromEntries(finished.map((r) => [names[r.scheduleId], r]));
    expect(byName.logbooks.outcome).toBe('ran');
    expect(byName.lost.outcome).toBe('failed');
    expect(byName.lost.reason).toMatch(
      /the watched folder's import profile: no import profile 'gone' in this plant; saved: wind/,
    );
    const plant = await PlantFile.open(db);
    expect(count(plant.store, 'failures')).toBe(2);
    expect(count(plant.store, 'maint')).toBe(0);
    expect(listSlots(plant.store).length).toBe(2);
    plant.close();
  });

  it('a schedule keeps its profile only with a watch folder', async () => {
    const store = await Store.open(null);
    expect(() =>
      addSchedule(
        store,
        {
          name: 'x',
          preset: { kind: 'daily', at: '06:00' },
          timeZone: 'UTC',
          action: { profile: 'wind' },
        },
        0,
      ),
    ).toThrow(/import profile: it is for the watched folder/);
  });

  it("the app's schedule form: a missing profile is a problem of the profile field", async () => {
    const api = new EngineApi();
    await api.newPlant('t');
    const input = {
      name: 'logbooks',
      preset: { kind: 'daily', at: '06:00' } as const,
      timeZone: 'UTC',
      action: { watchDir: '/data/in', profile: 'wind', score: 'none' as const },
    };
    const r = await api.sched.save(null, input, Date.UTC(2026, 0, 5));
    expect(r).toMatchObject({ ok: false, field: 'profile' });
    expect(!r.ok && r.message).toMatch(/import profile: no import profile 'wind' in this plant/);
    await api.saveProfile('wind', { kind: 'failures' });
    const ok = await api.sched.save(null, input, Date.UTC(2026, 0, 5));
    expect(ok.ok && ok.schedule.action).toEqual({
      watchDir: '/data/in',
      profile: 'wind',
      score: 'none',
      listFormats: ['html'],
    });
  });
});
