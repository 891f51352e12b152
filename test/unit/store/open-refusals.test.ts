import { promises as fsp } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SCHEMA_VERSION, Store, StoreOpenError } from '../../../workers/store';
import { PlantFile } from '../../../workers/store/plant-file-node';

let dir: string;
beforeAll(async () => {
  dir = await fsp.mkdtemp(join(tmpdir(), 'pdm-open-'));
});
afterAll(async () => {
  await fsp.rm(dir, { recursive: true, force: true });
});

/** A real plant database with enough telemetry to span many b-tree pages. */
async function realPlantBytes(): Promise<Uint8Array> {
  const s = await Store.open(null);
  s.ensureSensor('volt');
  s.ensureSensor('rotate');
  s.transaction(() => {
    const st = s.db.prepare('INSERT INTO telemetry(machine_id, t, s1, s2) VALUES(?, ?, ?, ?)');
    for (let m = 1; m <= 20; m++) {
      for (let h = 0; h < 200; h++) st.run([m, h * 3600, 170 + (h % 7), 450 - (h % 11)]);
    }
    st.free();
  });
  const bytes = s.export();
  s.close();
  return bytes;
}

/**
 * Opens `name` (written with `bytes`) and expects a StoreOpenError matching `message`,
 * with the file byte-for-byte and mtime unchanged.
 */
async function expectRefused(
  name: string,
  bytes: Uint8Array,
  message: RegExp,
  opts: { create?: boolean } = {},
) {
  const path = join(dir, name);
  await fsp.writeFile(path, bytes);
  const before = await fsp.stat(path);
  const err = await PlantFile.open(path, opts).then(
    (pf) => {
      pf.close();
      return null;
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(StoreOpenError);
  expect((err as Error).message).toMatch(message);
  expect((err as Error).message).toContain(path);
  const after = await fsp.stat(path);
  expect(Buffer.from(await fsp.readFile(path)).equals(Buffer.from(bytes))).toBe(true);
  expect(after.mtimeMs).toBe(before.mtimeMs);
  expect(after.size).toBe(bytes.length);
}

describe('PlantFile.open refuses and leaves the file untouched', () => {
  it('a CSV file', async () => {
    const csv = 'datetime,machineID,volt\n2015-01-01 06:00:00,1,176.2\n'.repeat(50);
    await expectRefused('telemetry.csv', new TextEncoder().encode(csv), /not a plant database/, {
      create: true,
    });
  });

  it('a short file that is not SQLite', async () => {
    await expectRefused('tiny.pdm', new TextEncoder().encode('hi'), /not a SQLite file/);
  });

  it('a real plant database with a damaged b-tree page', async () => {
    const good = await realPlantBytes();
    const pageSize = new DataView(good.buffer, good.byteOffset).getUint16(16);
    const pages = good.length / pageSize;
    expect(pages).toBeGreaterThan(10);
    const bad = good.slice();
    // Scribble over the middle of a telemetry leaf page: cell pointers and cells.
    const page = Math.floor(pages * 0.6);
    const seededNoise = (i: number) => (i * 2654435761) >>> 24;
    for (let i = 8; i < pageSize - 8; i++) bad[page * pageSize + i] = seededNoise(i);
    await expectRefused('damaged.pdm', bad, /is damaged \(integrity check: .*Tree \d+ page \d+/);
  });

  it('a damaged page header (invalid page type)', async () => {
    const good = await realPlantBytes();
    const pageSize = new DataView(good.buffer, good.byteOffset).getUint16(16);
    const bad = good.slice();
    const page = Math.floor(good.length / pageSize / 2);
    bad[page * pageSize] = 0x07; // not one of 2, 5, 10, 13
    // SQLite names a bad page type as "malformed" or, when the integrity check reaches
    // the page first (which page is in the middle depends on the schema), by its b-tree.
    await expectRefused(
      'badtype.pdm',
      bad,
      /is damaged \((.*malformed|integrity check: Tree \d+ page \d+: btreeInitPage).*\.bak1/,
    );
  });

  it('a file from a newer schema version', async () => {
    const s = await Store.open(null);
    s.setMeta('schema_version', String(SCHEMA_VERSION + 1));
    const bytes = s.export();
    s.close();
    await expectRefused('newer.pdm', bytes, /newer version.*schema \d+/);
  });

  it('an empty (0-byte) file unless create is given', async () => {
    await expectRefused('empty.pdm', new Uint8Array(0), /empty \(0 bytes\)/);
    const pf = await PlantFile.open(join(dir, 'empty.pdm'), { create: true });
    expect(pf.store.schemaVersion).toBe(SCHEMA_VERSION);
    pf.close();
    expect((await fsp.stat(join(dir, 'empty.pdm'))).size).toBe(0);
  });

  it('a missing file unless create is given, and a folder', async () => {
    await expect(PlantFile.open(join(dir, 'missing.pdm'))).rejects.toThrow(/does not exist/);
    await expect(PlantFile.open(dir)).rejects.toThrow(/is a folder/);
    const pf = await PlantFile.open(join(dir, 'missing.pdm'), { create: true });
    pf.close();
    await expect(fsp.access(join(dir, 'missing.pdm'))).rejects.toThrow();
  });
});
