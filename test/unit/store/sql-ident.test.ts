/**
 * SQL identifiers: a crafted plant file whose sensors table names SQL instead of a
 * column (here a subquery that changed feature values) is refused with a clear
 * message; identifiers pasted into SQL are quoted through one helper.
 */
import { describe, expect, it } from 'vitest';
import { Store, StoreOpenError } from '../../../workers/store/store';
import { BadIdentifierError, quoteIdent, sensorColumn } from '../../../workers/store/sql-ident';

async function craftedPlant(col: string): Promise<Uint8Array> {
  const store = await Store.open(null);
  try {
    store.ensureSensor('volt');
    store.db.run('INSERT INTO telemetry(machine_id, t, s1) VALUES(1, 0, 170), (1, 3600, 171)');
    store.db.run('UPDATE sensors SET col=? WHERE name=?', [col, 'volt']);
    return store.export();
  } finally {
    store.close();
  }
}

describe('sensor columns read from a plant file', () => {
  it('a crafted file with a subquery as a sensor column is refused, naming sensor and column', async () => {
    const bytes = await craftedPlant('s1*0+(SELECT 1000)');
    const err = await Store.open(bytes, 'crafted.pdm').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StoreOpenError);
    expect((err as Error).message).toBe(
      `crafted.pdm: sensor 'volt' has the telemetry column "s1*0+(SELECT 1000)" in the plant ` +
        "file's sensors table; pdm only writes columns s1, s2, ... so the file was changed " +
        'by another program and is refused',
    );
  });

  it('refuses comments, quotes and other names too', async () => {
    for (const col of ['s1 --', 's1"', 'volt', 'S1', 's', 's1;DROP TABLE machines']) {
      await expect(Store.open(await craftedPlant(col), 'x.pdm')).rejects.toThrow(
        /only writes columns s1, s2/,
      );
    }
  });

  it('opens a normal file', async () => {
    const store = await Store.open(await craftedPlant('s1'), 'ok.pdm');
    expect(store.sensors()).toEqual([{ id: 1, name: 'volt', col: 's1' }]);
    store.close();
  });
});

describe('quoteIdent and sensorColumn', () => {
  it('quotes identifiers, doubling embedded quotes', () => {
    expect(quoteIdent('s1')).toBe('"s1"');
    expect(quoteIdent('a"b')).toBe('"a""b"');
    expect(() => quoteIdent('a\0b')).toThrow(BadIdentifierError);
  });

  it('sensorColumn accepts s<digits> only', () => {
    expect(sensorColumn('s12')).toBe('"s12"');
    expect(() => sensorColumn('s1)')).toThrow(BadIdentifierError);
    expect(() => sensorColumn(12)).toThrow(BadIdentifierError);
  });
});
