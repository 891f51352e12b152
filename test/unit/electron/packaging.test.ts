/**
 * The packaging config's security settings (electron-builder.yml). electron-builder
 * cannot run here (it downloads Electron), so the test reads the YAML block itself.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/shared';

/** The `key: value` lines of a top-level YAML mapping (flat, scalars only). */
function topLevelBlock(yaml: string, key: string): Record<string, string> {
  const lines = yaml.split(/\r?\n/);
  const start = lines.findIndex((l) => l === `${key}:`);
  if (start < 0) return {};
  const out: Record<string, string> = {};
  for (const line of lines.slice(start + 1)) {
    if (/^\S/.test(line)) break; // the next top-level key
    const m = /^\s+([A-Za-z0-9]+):\s*(\S+)\s*(#.*)?$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

describe('packaging config', () => {
  const yaml = readFileSync(join(REPO_ROOT, 'electron-builder.yml'), 'utf8');

  it('flips the Electron fuses a plant PC build needs', () => {
    expect(topLevelBlock(yaml, 'electronFuses')).toMatchObject({
      runAsNode: 'false',
      enableNodeOptionsEnvironmentVariable: 'false',
      enableNodeCliInspectArguments: 'false',
      enableCookieEncryption: 'true',
      enableEmbeddedAsarIntegrityValidation: 'true',
      onlyLoadAppFromAsar: 'true',
      grantFileProtocolExtraPrivileges: 'false',
    });
  });

  it('packs the app into an asar (the fuses above rely on it)', () => {
    expect(yaml).toMatch(/^asar: true$/m);
  });

  it('uses an electron-builder that knows electronFuses (26.x)', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as {
      devDependencies: Record<string, string>;
    };
    expect(Number(pkg.devDependencies['electron-builder'].split('.')[0])).toBeGreaterThanOrEqual(
      26,
    );
  });
});
