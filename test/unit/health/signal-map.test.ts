import { describe, expect, it } from 'vitest';
import { Store } from '../../../workers/store/store';
import {
  checkSignalMap,
  parseSignalMapText,
  plantSignalMap,
  setPlantSignalMap,
} from '../../../workers/health/signal-map';
import { FieldError } from '../../../workers/shared/field-error';

const VOCAB = {
  sensors: ['volt', 'vibration'],
  errorTypes: ['error1', 'E-22'],
  components: ['comp1', 'bearing'],
};

function problem(fn: () => unknown): FieldError {
  try {
    fn();
  } catch (e) {
    if (e instanceof FieldError) return e;
    throw e;
  }
  throw new Error('no FieldError thrown');
}

describe('signal map', () => {
  it('accepts sensors and error types mapped to known components, trimmed', () => {
    expect(checkSignalMap({ ' vibration ': ' bearing', 'E-22': 'comp1' }, VOCAB)).toEqual({
      vibration: 'bearing',
      'E-22': 'comp1',
    });
    expect(checkSignalMap({}, VOCAB)).toEqual({});
  });

  it('refuses bad entries with a field, a code and the entry', () => {
    const s = problem(() => checkSignalMap({ humidity: 'comp1' }, VOCAB));
    expect([s.field, s.code, s.params.signal]).toEqual(['signal', 'unknown-signal', 'humidity']);
    expect(s.message).toContain('volt, vibration');
    const c = problem(() => checkSignalMap({ volt: 'gearbox' }, VOCAB));
    expect([c.field, c.code, c.params.component]).toEqual([
      'component',
      'unknown-component',
      'gearbox',
    ]);
    const e = problem(() => checkSignalMap({ volt: '  ' }, VOCAB));
    expect([e.field, e.code]).toEqual(['component', 'empty-component']);
    const l = problem(() => checkSignalMap({ volt: 'x'.repeat(201) }, VOCAB));
    expect(l.code).toBe('too-long');
    const n = problem(() => checkSignalMap([] as unknown as Record<string, string>, VOCAB));
    expect(n.code).toBe('not-a-map');
  });

  it('knows the components of the current map before any replacement is imported', () => {
    expect(checkSignalMap({ volt: 'pump' }, VOCAB, { vibration: 'pump' })).toEqual({
      volt: 'pump',
    });
  });

  it('is kept in the plant file; a bad map stores nothing; a damaged one reads as none', async () => {
    const store = await Store.open(null);
    store.ensureSensor('volt');
    expect(plantSignalMap(store)).toEqual({});
    // No replacement or failure on record: no component is known yet.
    expect(() => setPlantSignalMap(store, { volt: 'comp1' })).toThrow(FieldError);
    expect(plantSignalMap(store)).toEqual({});
    store.setMeta('health_map', '{"volt": 3, "rotate": "comp2"');
    expect(plantSignalMap(store)).toEqual({});
    store.setMeta('health_map', '{"volt": 3, "rotate": "comp2"}');
    expect(plantSignalMap(store)).toEqual({ rotate: 'comp2' });
  });

  it('reads SIGNAL=COMPONENT lists as typed on the command line', () => {
    expect(parseSignalMapText('volt=comp1, error1 = comp1,,')).toEqual({
      volt: 'comp1',
      error1: 'comp1',
    });
    expect(parseSignalMapText('')).toEqual({});
    expect(() => parseSignalMapText('volt')).toThrow(/SIGNAL=COMPONENT/);
    expect(() => parseSignalMapText('=comp1')).toThrow(RangeError);
  });
});
