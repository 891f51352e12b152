import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findElectronBinary, MISSING_BINARY_MESSAGE } from '../../../scripts/start';
import { REPO_ROOT } from '../../helpers/shared';

describe('npm start', () => {
  it('finds the binary only when require(electron) gives an existing path', () => {
    const env = {};
    expect(
      findElectronBinary(
        env,
        () => '/opt/electron/electron',
        () => true,
      ),
    ).toBe('/opt/electron/electron');
    expect(
      findElectronBinary(
        env,
        () => '/opt/electron/electron',
        () => false,
      ),
    ).toBeNull();
    expect(
      findElectronBinary(env, () => {
        throw new Error('Electron failed to install correctly');
      }),
    ).toBeNull();
    expect(
      findElectronBinary(
        env,
        () => 42,
        () => true,
      ),
    ).toBeNull();
    expect(
      findElectronBinary(
        { PDM_ELECTRON_PATH: '/fake/electron' },
        () => '/x',
        (p) => p === '/fake/electron',
      ),
    ).toBe('/fake/electron');
  });

  it('says plainly that the binary is missing and offers npm run web (exit 1)', () => {
    const r = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'scripts', 'start.ts')],
      {
        cwd: REPO_ROOT,
        env: { ...process.env, PDM_ELECTRON_PATH: join(REPO_ROOT, 'no-such-dir', 'electron') },
        encoding: 'utf8',
        timeout: 30_000,
      },
    );
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(MISSING_BINARY_MESSAGE);
    expect(r.stderr).toContain('npm run web');
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
    expect(r.stdout).toBe('');
  });
});
