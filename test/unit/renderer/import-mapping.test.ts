import { describe, expect, it } from 'vitest';
import {
  DEFAULT_SHARED,
  fileMapping,
  fromMapping,
  machineFromName,
  missingSetting,
  NAME_WITHOUT_EXTENSION,
  profileMapping,
  splitTag,
  TAG_PATTERNS,
  toMapping,
  type SharedSettings,
} from '../../../renderer/screens/import-mapping';
import type { ImportMapping } from '../../../workers/ingest/types';

const s = (patch: Partial<SharedSettings>): SharedSettings => ({ ...DEFAULT_SHARED, ...patch });

describe('the mapping editor settings', () => {
  it('leaves everything to detection by default', () => {
    expect(toMapping(DEFAULT_SHARED)).toEqual({});
    expect(missingSetting(DEFAULT_SHARED)).toBeNull();
  });

  it('maps each time form to the importer option', () => {
    expect(toMapping(s({ dateMode: 'DMY' }))).toEqual({ dateFormat: 'DMY' });
    expect(toMapping(s({ dateMode: 'custom', pattern: ' D/M/YY HH:mm ' }))).toEqual({
      dateFormat: 'D/M/YY HH:mm',
    });
    expect(
      toMapping(s({ dateMode: 'counter', counterEvery: '10', counterUnit: 'm', counterStart: '' })),
    ).toEqual({ timeUnit: '10m' });
    expect(
      toMapping(s({ dateMode: 'counter', counterUnit: 'h', counterStart: '2024-01-01' })),
    ).toEqual({ timeUnit: '1h', timeStart: '2024-01-01' });
  });

  it('says what is missing before the files can be read', () => {
    expect(missingSetting(s({ dateMode: 'custom' }))).toBe('import.patternMissing');
    expect(missingSetting(s({ dateMode: 'counter', counterEvery: '0' }))).toBe(
      'map.counterMissing',
    );
    expect(missingSetting(s({ machineMode: 'fixed' }))).toBe('map.machineIdMissing');
    expect(missingSetting(s({ machineMode: 'name', namePattern: 'pump-(' }))).toBe(
      'map.patternInvalid',
    );
    expect(missingSetting(s({ atEnd: true, atEndComponent: ' ' }))).toBe('map.atEndMissing');
  });

  it('round-trips a profile through the form', () => {
    const profiles: ImportMapping[] = [
      { machineFromName: 'pump-(\\w+)\\.csv', dateFormat: 'MDY', decimalMark: ',' },
      { machine: 'P-7', noHeader: true, columns: ['t', 'volt'], delimiter: 'space' },
      { timeUnit: '1h', timeStart: '2024-01-01 00:00', failureAtEnd: 'engine' },
      { tagPattern: TAG_PATTERNS.dot, failureComponent: 'disk', encoding: 'windows-1252' },
      { tagPattern: '(?<sensor>\\w+)@(?<machine>\\w+)', dateFormat: 'DD-MMM-YYYY HH:mm' },
    ];
    for (const m of profiles) expect(toMapping(fromMapping(m))).toEqual(m);
    expect(fromMapping({ tagPattern: TAG_PATTERNS.underscore }).tagMode).toBe('underscore');
  });

  it('layers shared settings, profile and per-file choices', () => {
    const shared = { machineFromName: NAME_WITHOUT_EXTENSION };
    const base = { kind: 'telemetry' as const, map: { ts: 'timestamp' as const } };
    expect(fileMapping(shared, base, undefined, { flag: 'failure-flag' })).toEqual({
      machineFromName: NAME_WITHOUT_EXTENSION,
      kind: 'telemetry',
      map: { ts: 'timestamp', flag: 'failure-flag' },
    });
    expect(fileMapping({}, {}, 'errors', undefined)).toEqual({ kind: 'errors' });
  });

  it('keeps the kind in a profile only when every file has the same chosen kind', () => {
    expect(
      profileMapping({}, {}, ['telemetry', 'telemetry'], [{ a: 'tag' }, { b: 'value' }]),
    ).toEqual({ kind: 'telemetry', map: { a: 'tag', b: 'value' } });
    expect(profileMapping({}, {}, ['telemetry', 'errors'], [undefined, undefined])).toEqual({});
    expect(profileMapping({}, {}, [undefined], [undefined])).toEqual({});
  });

  it('shows the machine id a file name gives', () => {
    expect(machineFromName(NAME_WITHOUT_EXTENSION, 'pump-01.csv')).toEqual({ id: 'pump-01' });
    expect(machineFromName(NAME_WITHOUT_EXTENSION, 'line.2.pump.csv')).toEqual({
      id: 'line.2.pump',
    });
    expect(machineFromName('pump-(\\w+)\\.csv', 'pump-02.csv')).toEqual({ id: '02' });
    expect(machineFromName('pump-\\d+', 'pump-02.csv')).toEqual({ id: 'pump-02' });
    expect(machineFromName('fan-(\\d+)', 'pump-02.csv')).toEqual({ error: 'no-match' });
    expect(machineFromName('pump-(', 'pump-02.csv')).toEqual({ error: 'invalid' });
  });

  it('splits a tag into machine and sensor', () => {
    expect(splitTag(TAG_PATTERNS.dot, 'PUMP01.temp.inlet')).toEqual({
      machine: 'PUMP01',
      sensor: 'temp.inlet',
    });
    expect(splitTag(TAG_PATTERNS.underscore, 'P7_volt')).toEqual({ machine: 'P7', sensor: 'volt' });
    expect(splitTag('', 'volt')).toEqual({ sensor: 'volt' });
    expect(splitTag(TAG_PATTERNS.dot, 'volt')).toBeNull();
  });
});
