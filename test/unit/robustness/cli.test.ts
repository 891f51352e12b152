/**
 * The robustness fixtures through the real CLI (bin/pdm.js): a European Excel export
 * imports and its features file equals the reference golden and the library's output;
 * bad exports exit 1 naming file, line, column and reason, and leave the plant file's
 * contents unchanged.
 */
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { Store } from '../../../workers/store/store';
import {
  MANIFEST,
  ROBUST_DIR,
  diffFeatures,
  featuresCsv,
  goldenPath,
  importVariant,
  variantDir,
} from './helpers';

const pdm = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], { encoding: 'utf8' });

/** A digest of every plant table's rows (not the file bytes, which a save may re-lay out). */
async function contentDigest(db: string): Promise<string> {
  const store = await Store.open(readFileSync(db));
  try {
    const h = createHash('sha256');
    for (const t of ['machines', 'sensors', 'telemetry', 'errors', 'maint', 'failures']) {
      h.update(JSON.stringify(store.all(`SELECT * FROM ${t} ORDER BY 1, 2, 3`)));
    }
    h.update(String(store.scalar('SELECT count(*) FROM import_log')));
    return h.digest('hex');
  } finally {
    store.close();
  }
}

describe('robustness through the pdm CLI', () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pdm-robust-cli-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports a European Excel export and writes the reference features', async () => {
    const v = MANIFEST.find((m) => m.name === 'pumps-eu-excel')!;
    const db = join(dir, 'eu.pdm');
    const out = join(dir, 'eu-features.csv');
    const imp = pdm('import', '--db', db, variantDir(v.name));
    expect(imp.stderr).not.toMatch(/refused|error/i);
    expect(imp.status).toBe(0);
    const feat = pdm('features', '--db', db, '--out', out);
    expect(feat.stderr).not.toMatch(/error/i);
    expect(feat.status).toBe(0);
    const csv = readFileSync(out, 'utf8');
    expect(diffFeatures(csv, readFileSync(goldenPath(v.dataset), 'utf8'))).toEqual([]);
    const { store } = await importVariant(v);
    try {
      expect(csv).toBe(featuresCsv(store));
    } finally {
      store.close();
    }
  });

  describe('bad exports', () => {
    const db = () => join(dir, 'bad.pdm');
    let before = '';
    beforeAll(async () => {
      const r = pdm('import', '--db', db(), variantDir('canonical'));
      expect(r.status).toBe(0);
      before = await contentDigest(db());
    });

    const cases = [
      {
        file: 'bad-number-telemetry.csv',
        line: 18,
        column: 'rotate',
        reason: /'ERR' is not a number/,
      },
      {
        file: 'impossible-date-errors.csv',
        line: 6,
        column: 'datetime',
        reason: /'2015-02-30 06:00:00' is not a real date/,
      },
      {
        file: 'missing-machine-maint.csv',
        line: 4,
        column: 'machineID',
        reason: /empty machine id/,
      },
    ];
    for (const c of cases) {
      it(`${c.file}: exit 1, names line ${c.line} column ${c.column}, plant unchanged`, async () => {
        const path = join(ROBUST_DIR, 'bad', c.file);
        const r = pdm('import', '--db', db(), path);
        expect(r.status).toBe(1);
        const hit = r.stderr.split('\n').find((l) => l.includes(`${path}:${c.line} `));
        expect(hit, r.stderr).toBeDefined();
        expect(hit).toContain(`column ${c.column}`);
        expect(hit).toMatch(c.reason);
        expect(r.stderr).toContain(`${path}: refused`);
        expect(await contentDigest(db())).toBe(before);
      });
    }

    it('--strict refuses a single bad row in a large file (exit 1), plant unchanged', async () => {
      // One bad row in 1000+ is under the default 1% and would be skipped; --strict refuses.
      const src = readFileSync(join(variantDir('canonical'), 'PdM_telemetry.csv'), 'utf8');
      const lines = src.split('\n');
      lines[500] = lines[500].replace(/,[^,]*$/, ',12..5');
      const path = join(dir, 'one-bad-row-telemetry.csv');
      writeFileSync(path, lines.join('\n'));
      const r = pdm('import', '--db', db(), '--strict', path);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`${path}:501 column vibration: '12..5' is not a number`);
      expect(await contentDigest(db())).toBe(before);
    });
  });
});
