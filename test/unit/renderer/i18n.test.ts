import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { en } from '../../../renderer/i18n/en';
import { ko } from '../../../renderer/i18n/ko';
import { interpolate } from '../../../renderer/i18n/i18n';
import { REPO_ROOT } from '../../helpers/shared';

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

  it('interpolates placeholders', () => {
    expect(interpolate('Run #{run} of {n}', { run: 3, n: 'x' })).toBe('Run #3 of x');
    expect(interpolate('{missing}', {})).toBe('{missing}');
  });
});
