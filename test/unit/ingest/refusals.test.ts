/**
 * All or nothing: the reject threshold (and strict), ambiguous dates, a failure in the
 * middle of a file, cancelling, and machines inserted or updated.
 */
import { describe, expect, it } from 'vitest';
import { Store } from '../../../workers/store/store';
import { importCsv } from '../../../workers/ingest/import-csv';
import { CancelledError } from '../../../workers/shared/types';
import { ImportError } from '../../../workers/ingest/types';
import { count, fixture, memSource, snapshot } from './helpers';

/** Telemetry for machine 1 with `bad` rows (non-numeric volt) among `n`, first or last. */
function telemetry(n: number, bad: number, last = false): string {
  let s = 'datetime,machineID,volt\n';
  for (let i = 0; i < n; i++) {
    const d = new Date(Date.UTC(2015, 0, 1) + i * 3600_000)
      .toISOString()
      .slice(0, 19)
      .replace('T', ' ');
    s += `${d},1,${(last ? i >= n - bad : i < bad) ? 'x' + i : i}\n`;
  }
  return s;
}

async function seeded(): Promise<Store> {
  const store = await Store.open(null);
  await importCsv(store, memSource('seed.csv', telemetry(10, 0)));
  return store;
}

describe('reject threshold', () => {
  it('accepts a file with exactly 1% rejected rows and lists them', async () => {
    const store = await Store.open(null);
    const r = await importCsv(store, memSource('t.csv', telemetry(200, 2)));
    expect(r).toMatchObject({ rowsRead: 200, added: 198, rejected: 2 });
    expect(r.rejectedRows[0]).toEqual({
      file: 't.csv',
      line: 2,
      column: 'volt',
      reason: "'x0' is not a number",
      code: { code: 'not-a-number', params: { value: 'x0' } },
    });
  });

  it('refuses a file above 1% whole, with the list, storing nothing', async () => {
    const store = await seeded();
    const before = snapshot(store);
    const err = (await importCsv(store, memSource('t.csv', telemetry(200, 3))).catch(
      (e) => e,
    )) as ImportError;
    expect(err).toBeInstanceOf(ImportError);
    expect(err).toMatchObject({ reason: 'rejects', rejected: 3, rowsRead: 200 });
    expect(err.rejectedRows.map((x) => x.line)).toEqual([2, 3, 4]);
    expect(err.message).toMatch(/t\.csv: refused: 3 of 200 rows rejected/);
    expect(snapshot(store)).toBe(before);
  });

  it('lists the first 100 rejected rows but counts all', async () => {
    const store = await Store.open(null);
    const err = (await importCsv(store, memSource('t.csv', telemetry(300, 150, true))).catch(
      (e) => e,
    )) as ImportError;
    expect(err.rejected).toBe(150);
    expect(err.rejectedRows).toHaveLength(100);
  });

  it('strict refuses a single bad row; maxRejectRatio raises the bar', async () => {
    const store = await Store.open(null);
    await expect(
      importCsv(store, memSource('t.csv', telemetry(1000, 1)), { strict: true }),
    ).rejects.toThrow(/1 of 1000 rows rejected/);
    expect(count(store, 'telemetry')).toBe(0);
    const r = await importCsv(store, memSource('t.csv', telemetry(100, 10)), {
      maxRejectRatio: 0.1,
    });
    expect(r.added).toBe(90);
    await expect(importCsv(store, memSource('t.csv', 'x'), { maxRejectRatio: 2 })).rejects.toThrow(
      RangeError,
    );
  });
});

describe('nothing partial is stored', () => {
  it('ambiguous dates stop before anything is stored', async () => {
    const store = await seeded();
    const before = snapshot(store);
    await expect(
      importCsv(store, memSource('a.csv', fixture('ambiguous-dates.csv'))),
    ).rejects.toThrow(/ambiguous/);
    expect(snapshot(store)).toBe(before);
  });

  it('a source failing mid-file leaves the store unchanged (new sensors too)', async () => {
    const store = await seeded();
    const before = snapshot(store);
    const text =
      'datetime,machineID,volt,newsensor\n' + telemetry(5000, 0).split('\n').slice(1).join(',1\n');
    const bytes = new TextEncoder().encode(text);
    async function* failing() {
      yield bytes.subarray(0, 40000);
      throw new Error('disk went away');
    }
    await expect(importCsv(store, { name: 'f.csv', chunks: failing })).rejects.toThrow(
      'disk went away',
    );
    expect(snapshot(store)).toBe(before);
    expect(store.sensors().map((s) => s.name)).toEqual(['volt']);
  });

  it('cancelling mid-file stores nothing', async () => {
    const store = await seeded();
    const before = snapshot(store);
    const ac = new AbortController();
    const progress: number[] = [];
    const err = await importCsv(store, memSource('c.csv', telemetry(3000, 0), 4096), {
      signal: ac.signal,
      onProgress: (p) => {
        progress.push(p.done);
        if (progress.length === 5) ac.abort();
      },
    }).catch((e) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect(progress).toEqual([4096, 8192, 12288, 16384, 20480]);
    expect(snapshot(store)).toBe(before);
    // The store is usable afterwards.
    const r = await importCsv(store, memSource('c.csv', telemetry(20, 0)));
    expect(r).toMatchObject({ added: 10, duplicates: 10 });
  });

  it('an empty file is refused', async () => {
    const store = await Store.open(null);
    await expect(importCsv(store, memSource('e.csv', '\n\n'))).rejects.toThrow(
      /e\.csv: the file is empty/,
    );
  });
});

describe('machines', () => {
  it('inserts new machines, updates changed ones, counts identical ones', async () => {
    const store = await Store.open(null);
    await importCsv(store, memSource('m.csv', 'machineID,model,age\n1,model3,18\n2,model4,7\n'));
    const r = await importCsv(
      store,
      memSource('machines-update.csv', fixture('machines-update.csv')),
    );
    expect(r).toMatchObject({ kind: 'machines', rowsRead: 3, added: 1, updated: 1, duplicates: 1 });
    expect(store.all('SELECT machine_id, model, age FROM machines ORDER BY machine_id')).toEqual([
      { machine_id: 1, model: 'model3', age: 19 },
      { machine_id: 2, model: 'model4', age: 7 },
      { machine_id: 11, model: 'model1', age: 2 },
    ]);
  });
});
