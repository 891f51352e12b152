import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/i18n/en';
import { ko } from '../../../renderer/i18n/ko';
import { interpolate } from '../../../renderer/i18n/i18n';
import { REPO_ROOT } from '../../helpers/shared';
import { cadenceFieldProblem, DEFAULT_CADENCE } from '../../../workers/shared/cadence';

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.tsx?$/.test(f) ? [p] : [];
  });
}

describe('i18n tables', () => {
  it('English and Korean have the same keys and no empty text', () => {
    expect(Object.keys(ko).sort()).toEqual(Object.keys(en).sort());
    for (const [k, v] of Object.entries(ko)) expect(v, k).not.toBe('');
  });

  it('every placeholder of a message exists in both languages', () => {
    const ph = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    for (const k of Object.keys(en) as (keyof typeof en)[]) {
      expect(ph(ko[k]), k).toEqual(ph(en[k]));
    }
  });

  it('every key used in the renderer exists', () => {
    const used = new Set<string>();
    for (const f of files(join(REPO_ROOT, 'renderer'))) {
      const src = readFileSync(f, 'utf8');
      for (const m of src.matchAll(/\bt\(\s*'([\w.-]+)'/g)) used.add(m[1]);
      for (const m of src.matchAll(/\bkey:\s*'([\w.-]+)'/g)) used.add(m[1]);
    }
    expect(used.size).toBeGreaterThan(100);
    const missing = [...used].filter((k) => !(k in en));
    expect(missing).toEqual([]);
  });

  it('every cadence refusal code has its words, with the parameters they use', () => {
    const D = DEFAULT_CADENCE;
    const problems = [
      { ...D, stepSeconds: 0 },
      { ...D, windowSeconds: [] },
      { ...D, windowSeconds: Array.from({ length: 20 }, (_, i) => (i + 1) * 3600) },
      { ...D, windowSeconds: [3600, 3600] },
      { ...D, eventWindowSeconds: -1 },
      { ...D, horizonSeconds: 1e12 },
      { ...D, stepSeconds: 86400, windowSeconds: [86401] },
    ].map((c) => cadenceFieldProblem(c)!);
    const codes = new Set(problems.map((p) => p.code));
    expect([...codes].sort()).toEqual(
      ['duplicate', 'no-common-block', 'range', 'required', 'too-many'].sort(),
    );
    const table = en as Record<string, string>;
    for (const p of problems) {
      const text = table[`cadence.problem.${p.code}`];
      expect(text, p.code).toBeTruthy();
      const vars = { ...p.params, label: 'Step' };
      expect(interpolate(text, vars), p.code).not.toMatch(/\{\w+\}/);
    }
    // The form's own parse refusal.
    expect(table['cadence.problem.not-valid']).toContain('{value}');
  });

  it('interpolates placeholders', () => {
    expect(interpolate('Run #{run} of {n}', { run: 3, n: 'x' })).toBe('Run #3 of x');
    expect(interpolate('{missing}', {})).toBe('{missing}');
  });
});
