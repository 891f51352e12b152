/**
 * pdm model export/import with ONNX: export writes model.onnx and model.manifest.json,
 * import reads them into another plant; a model without its manifest, or with a
 * manifest that names other classes, is refused (exit 1) and nothing is stored.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';
import { tinyForest } from '../../helpers/tiny-forest';
import { Store } from '../../../workers/store/store';
import { saveModel } from '../../../workers/model/model-store';
import { serializeForest } from '../../../workers/forest/serialize';
import { setPlantTimeZone } from '../../../workers/store/plant-settings';

const pdm = (...args: string[]) =>
  spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'pdm.js'), ...args], { encoding: 'utf8' });

describe('pdm model export --format onnx / import model.onnx', () => {
  let dir = '';
  let from = '';
  let to = '';
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pdm-onnx-'));
    from = join(dir, 'from.pdm');
    to = join(dir, 'to.pdm');
    const s = await Store.open(null);
    setPlantTimeZone(s, 'Asia/Seoul');
    saveModel(s, {
      learner: 'forest',
      hyperparameters: { nTrees: 2 },
      featureNames: ['a', 'b'],
      labelNames: ['none', 'comp1'],
      trainFrom: null,
      trainTo: 0,
      metrics: null,
      note: '',
      bytes: serializeForest(tinyForest(['a', 'b'], ['none', 'comp1'])),
    });
    writeFileSync(from, s.export());
    s.close();
    const t = await Store.open(null);
    writeFileSync(to, t.export());
    t.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('exports model.onnx with its manifest and imports them into another plant', () => {
    const out = join(dir, 'model.onnx');
    const e = pdm('model', 'export', '--db', from, '--out', out);
    expect(e.stderr).toBe('');
    expect(e.status).toBe(0);
    expect(e.stdout).toContain('model.manifest.json');
    const manifest = JSON.parse(readFileSync(join(dir, 'model.manifest.json'), 'utf8'));
    expect(manifest.model.features).toEqual(['a', 'b']);
    expect(manifest.model.classes).toEqual(['none', 'comp1']);
    expect(manifest.model.timeZone).toBe('Asia/Seoul');

    // a manifest naming other classes: refused, nothing stored
    const bad = join(dir, 'bad.json');
    writeFileSync(
      bad,
      JSON.stringify({ model: { ...manifest.model, classes: ['none', 'comp2'] } }),
    );
    const r = pdm('model', 'import', '--db', to, '--file', out, '--manifest', bad);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(
      /model\.onnx: class 1 is "comp1" in the model, "comp2" in the manifest/,
    );

    const i = pdm('model', 'import', '--db', to, '--file', out, '--activate', '--json');
    expect(i.stderr).toBe('');
    expect(JSON.parse(i.stdout)).toEqual({ id: 1 });
    const shown = JSON.parse(pdm('model', 'show', '--db', to, '--json').stdout);
    expect(shown.featureNames).toEqual(['a', 'b']);
    expect(shown.active).toBe(true);
    expect(shown.note).toMatch(
      /imported from ONNX \(pdm, 2 trees\), made for time zone Asia\/Seoul/,
    );
  });

  it('refuses an ONNX file without a manifest, saying where it looked', () => {
    const e = pdm('model', 'export', '--db', from, '--out', join(dir, 'x.bin'), '--format', 'onnx');
    expect(e.status).toBe(0);
    expect(existsSync(join(dir, 'x.bin.manifest.json'))).toBe(true);
    const r = pdm('model', 'import', '--db', to, '--file', join(dir, 'x.bin'), '--format', 'onnx');
    // x.bin.manifest.json is found beside it
    expect(r.status).toBe(0);
    rmSync(join(dir, 'x.bin.manifest.json'));
    const again = pdm(
      'model',
      'import',
      '--db',
      to,
      '--file',
      join(dir, 'x.bin'),
      '--format',
      'onnx',
    );
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/no manifest for .*x\.bin: give --manifest FILE/);
  });
});
