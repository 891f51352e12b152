/**
 * `pdm features` end to end through bin/pdm.js on a small random plant: the CSV equals
 * writeFeaturesCsv of the same build, --summary --json is one JSON document, and bad
 * input exits 1 naming the option.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { buildFeatures, cadenceWithHorizon, writeFeaturesCsv } from '../../../workers/features';
import { parseDateArg } from '../../../workers/shared/time';
import { randomPlant, storeWith } from './fixtures';

const pdm = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), 'features', ...args], {
    encoding: 'utf8',
  });

describe('pdm features', () => {
  let dir = '';
  let db = '';
  let want = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdm-features-cli-'));
    db = join(dir, 'plant.pdm');
    const store = await storeWith(randomPlant(21, 4, 10));
    writeFileSync(db, store.export());
    const fs = buildFeatures(store, {
      machines: [1, 2, 3],
      from: parseDateArg('2015-01-03'),
      cadence: cadenceWithHorizon(store, 2),
    });
    writeFeaturesCsv(fs, (c) => (want += c));
    store.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes the CSV of the requested machines, range and horizon', () => {
    const out = join(dir, 'f.csv');
    const r = pdm(
      '--db',
      db,
      '--machines',
      '1-2,3',
      '--from',
      '2015-01-03',
      '--horizon-days',
      '2',
      '--out',
      out,
      '--json',
    );
    expect(r.stderr).not.toMatch(/error/);
    expect(r.status).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(want);
    expect(existsSync(out + '.tmp')).toBe(false);
    const doc = JSON.parse(r.stdout);
    expect(doc.rows).toBe(want.trimEnd().split('\n').length - 1);
  });

  it('prints the summary as one JSON document', () => {
    const r = pdm('--db', db, '--summary', '--json');
    expect(r.status).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.features.map((f: { name: string }) => f.name)).toContain('volt_mean_12');
    expect(s.labelNames[0]).toBe('none');
  });

  it('exits 1 naming the option on bad input', () => {
    const bad = pdm('--db', db, '--machines', '3-1', '--out', join(dir, 'x.csv'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/--machines/);
    const noOut = pdm('--db', db);
    expect(noOut.status).toBe(1);
    expect(noOut.stderr).toMatch(/--out/);
    const badDate = pdm('--db', db, '--from', '2015-13-01', '--summary');
    expect(badDate.status).toBe(1);
    expect(badDate.stderr).toMatch(/--from/);
  });
});
